package homework.arch.billing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * The payment of one order: at most one per order id, SUCCEEDED (the amount left the user's account) or DECLINED
 * with the reason. Repeating the payment of an order returns this record, never a second debit.
 */
@Entity
@Table(name = "payment")
public class Payment {

    @Id
    private UUID id;
    @Column(name = "order_id", nullable = false, updatable = false)
    private UUID orderId;
    @Column(name = "user_id", nullable = false, updatable = false)
    private UUID userId;
    @Column(nullable = false, updatable = false)
    private long amount;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private PaymentStatus status;
    private String reason;
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected Payment() {
    }

    private Payment(UUID id, UUID orderId, UUID userId, long amount, Instant now) {
        this.id = id;
        this.orderId = orderId;
        this.userId = userId;
        this.amount = amount;
        this.status = PaymentStatus.SUCCEEDED;
        this.createdAt = now;
    }

    /** A payment that succeeds unless {@link #decline}d; {@link #debit()} is the movement it needs. */
    public static Payment attempt(UUID orderId, UUID userId, long amount, Instant now) {
        return new Payment(UUID.randomUUID(), orderId, userId, amount, now);
    }

    public Movement debit() {
        return Movement.payment(id, userId, amount);
    }

    /** The debit was rejected; {@code reason} is the rejection's code, e.g. {@code insufficient_funds}. */
    public void decline(String reason) {
        this.status = PaymentStatus.DECLINED;
        this.reason = reason;
    }

    /** A repeat for the same order must be for the same user and amount; anything else is a conflict. */
    public boolean hasTerms(UUID userId, long amount) {
        return this.userId.equals(userId) && this.amount == amount;
    }

    public UUID id() {
        return id;
    }

    public UUID orderId() {
        return orderId;
    }

    public UUID userId() {
        return userId;
    }

    public long amount() {
        return amount;
    }

    public PaymentStatus status() {
        return status;
    }

    /** Null unless declined. */
    public String reason() {
        return reason;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
