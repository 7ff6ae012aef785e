package homework.arch.billing.repository;

import homework.arch.billing.Payment;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class PaymentRepository implements PanacheRepositoryBase<Payment, UUID> {

    // A concurrent payment of the same order waits here on the unique index until the first one commits.
    private static final String INSERT_IF_FIRST = """
            INSERT INTO payment (id, order_id, user_id, amount, status, reason, created_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (order_id) DO NOTHING
            """;
    private static final String SET_OUTCOME = "UPDATE payment SET status = ?2, reason = ?3 WHERE id = ?1";

    /** Inserts the payment unless its order already has one; true if inserted. */
    public Uni<Boolean> insertIfFirst(Payment payment) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(INSERT_IF_FIRST);
            Rows.bind(query, 1, payment.id(), payment.orderId(), payment.userId(), payment.amount(),
                    payment.status().name(), payment.reason(), payment.createdAt());
            return query.executeUpdate();
        }).map(inserted -> inserted == 1);
    }

    /** Writes a status change made after {@link #insertIfFirst} (a decline). */
    public Uni<Void> updateOutcome(Payment payment) {
        return Panache.getSession().chain(session -> session.createNativeQuery(SET_OUTCOME)
                .setParameter(1, payment.id())
                .setParameter(2, payment.status().name())
                .setParameter(3, payment.reason())
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<Payment> findByOrder(UUID orderId) {
        return find("orderId", orderId).firstResult();
    }
}
