package homework.arch.notification.repository;

import homework.arch.notification.Recipient;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.UUID;

@ApplicationScoped
public class RecipientRepository implements PanacheRepositoryBase<Recipient, UUID> {

    /**
     * The user's recipient row, created bare if this is the first we hear of them, and locked until the transaction
     * ends: a letter (whose statement locks the same row, see LetterRepository) and the user's introduction then
     * happen one after the other, and neither misses the other.
     */
    public Uni<Recipient> lock(UUID userId) {
        return getSession()
                .chain(session -> session.createNativeQuery(
                                "INSERT INTO recipient (user_id) VALUES (?1) ON CONFLICT (user_id) DO NOTHING")
                        .setParameter(1, userId)
                        .executeUpdate())
                .chain(() -> findById(userId, LockModeType.PESSIMISTIC_WRITE));
    }
}
