package homework.arch.notification.repository;

import homework.arch.notification.Notification;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class NotificationRepository implements PanacheRepositoryBase<Notification, UUID> {

    public Uni<List<Notification>> withoutEmail(UUID userId) {
        return list("userId = ?1 and email is null", userId);
    }

    /** Newest first; {@code afterCreatedAt}/{@code afterId} (both null for the first page) is the last one seen. */
    public Uni<List<Notification>> newestFirst(UUID userId, Instant afterCreatedAt, UUID afterId, int size) {
        if (afterCreatedAt == null) {
            return find("userId = :userId order by createdAt desc, id desc", Parameters.with("userId", userId))
                    .page(Page.ofSize(size)).list();
        }
        return find("userId = :userId and (createdAt < :at or (createdAt = :at and id < :id))"
                        + " order by createdAt desc, id desc",
                Parameters.with("userId", userId).and("at", afterCreatedAt).and("id", afterId))
                .page(Page.ofSize(size)).list();
    }
}
