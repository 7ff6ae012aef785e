package homework.arch.user.repository;

import homework.arch.user.User;
import homework.arch.user.UserStatus;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, UUID> {

    public Uni<User> findByEmail(String email) {
        return find("lower(email) = lower(?1)", email).firstResult();
    }

    /** Pending registrations created before {@code before}, oldest first. */
    public Uni<List<User>> pendingSince(Instant before, int limit) {
        return find("status = ?1 and createdAt < ?2 order by createdAt", UserStatus.PENDING, before)
                .page(0, limit).list();
    }
}
