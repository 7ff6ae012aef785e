package homework.arch.order.repository;

import homework.arch.order.Order;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class OrderRepository implements PanacheRepositoryBase<Order, UUID> {

    private static final Sort NEWEST_FIRST = Sort.descending("createdAt", "id");

    /**
     * Locks up to {@code limit} PENDING orders whose next payment attempt is due. Rows another replica has locked are
     * skipped, not waited for, so replicas share the work instead of queueing behind each other.
     */
    public Uni<List<Order>> lockDuePending(Instant now, int limit) {
        return getSession().chain(session -> session.createNativeQuery("""
                        SELECT * FROM orders
                        WHERE status = 'PENDING' AND next_payment_at <= :now
                        ORDER BY next_payment_at
                        LIMIT :limit
                        FOR UPDATE SKIP LOCKED
                        """, Order.class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList());
    }

    /** How many orders are PENDING, and how long the oldest of them has been (0 without any). */
    public Uni<PendingSummary> pendingSummary() {
        return getSession().chain(session -> session.createNativeQuery("""
                        SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8
                        FROM orders WHERE status = 'PENDING'
                        """, Object[].class)
                .getSingleResult())
                .map(row -> new PendingSummary(((Number) row[0]).longValue(), ((Number) row[1]).doubleValue()));
    }

    public record PendingSummary(long count, double oldestAgeSeconds) {
    }

    /** One page of a user's orders, newest first; one more than {@code limit} tells whether there is a next page. */
    public Uni<List<Order>> pageOfUser(UUID userId, OrderCursor after, int limit) {
        var query = after == null
                ? find("userId = ?1", NEWEST_FIRST, userId)
                : find("userId = ?1 and (createdAt < ?2 or (createdAt = ?2 and id < ?3))", NEWEST_FIRST,
                        userId, after.createdAt(), after.id());
        return query.range(0, limit).list();
    }
}
