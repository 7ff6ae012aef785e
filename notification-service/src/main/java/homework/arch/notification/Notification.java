package homework.arch.notification;

import homework.arch.infra.money.CurrencyUnit;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/**
 * A letter about an order's outcome. Nothing is mailed: storing the letter is sending it. A letter is written to its
 * user's email as known when it is stored (the repository takes it from the user's recipient row in the same
 * statement); a letter written before its user is known has no email yet and is addressed as soon as the user becomes
 * known.
 */
@Entity
public class Notification {

    /**
     * Every reason order-service gives for a cancellation (docs/contracts/order-cancellation-reasons.txt), in words a
     * customer understands.
     */
    static final Map<String, String> REASONS = Map.of(
            "insufficient_funds", "there was not enough money on your account",
            "account_not_found", "you have no account to pay from yet",
            "payment_declined", "the payment was declined",
            "payment_rejected", "the payment could not be accepted");
    private static final String UNEXPLAINED = "the payment could not be completed";

    @Id
    private UUID id;

    @Column(name = "user_id")
    private UUID userId;

    private String email;

    @Column(name = "order_id")
    private UUID orderId;

    @Enumerated(EnumType.STRING)
    private NotificationType type;

    private String subject;

    private String body;

    @Column(name = "created_at")
    private Instant createdAt;

    protected Notification() {
    }

    private Notification(NotificationType type, UUID orderId, UUID userId, String subject, String body, Instant now) {
        this.id = UUID.randomUUID();
        this.type = type;
        this.orderId = orderId;
        this.userId = userId;
        this.subject = subject;
        this.body = body;
        // PostgreSQL keeps microseconds: the page cursor must match the stored value exactly.
        this.createdAt = now.truncatedTo(ChronoUnit.MICROS);
    }

    /** Not addressed yet: see {@link #addressTo}. */
    public static Notification orderPaid(UUID orderId, BigDecimal amount, String currency, UUID userId, Instant now) {
        return new Notification(NotificationType.ORDER_PAID, orderId, userId,
                "Your order is paid",
                "Good news! We received your payment of " + money(amount, currency) + " for order " + orderId
                        + ". Thank you for your purchase.",
                now);
    }

    /**
     * Not addressed yet: see {@link #addressTo}.
     *
     * @param reason the reason code of the cancellation, explained in the letter; may be null
     */
    public static Notification orderCancelled(UUID orderId, BigDecimal amount, String currency, String reason,
            UUID userId, Instant now) {
        return new Notification(NotificationType.ORDER_CANCELLED, orderId, userId,
                "Your order was cancelled",
                "We are sorry: your order " + orderId + " for " + money(amount, currency) + " was cancelled because "
                        + explain(reason) + ". No money was taken from your account.",
                now);
    }

    /**
     * Gives a letter the address it was missing (its user's, once known: when it is stored, or when the user becomes
     * known later); never readdresses one.
     */
    public boolean addressTo(String email) {
        if (this.email != null || email == null) {
            return false;
        }
        this.email = email;
        return true;
    }

    /** A reason a newer order-service might add is still a letter a customer can read, without a raw code in it. */
    static String explain(String reason) {
        return reason == null ? UNEXPLAINED : REASONS.getOrDefault(reason, UNEXPLAINED);
    }

    /** With the currency's own digits: 30.50 USD, 1500 JPY, 10.250 KWD. */
    private static String money(BigDecimal amount, String currency) {
        return CurrencyUnit.of(currency).format(amount);
    }

    public UUID id() {
        return id;
    }

    public UUID userId() {
        return userId;
    }

    public String email() {
        return email;
    }

    public UUID orderId() {
        return orderId;
    }

    public NotificationType type() {
        return type;
    }

    public String subject() {
        return subject;
    }

    public String body() {
        return body;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
