package homework.arch.order;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import homework.arch.infra.money.CurrencyUnit;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * An order and its lifecycle: PENDING until the payment's outcome is known, then PAID or CANCELLED (with a reason),
 * and never anything else after that. Prices are kept in minor units of the order's currency (cents, yen, fils), so no
 * rounding can ever happen.
 */
@Entity
@Table(name = "orders")
public class Order {

    @Id
    private UUID id;

    @Column(name = "user_id", nullable = false)
    private UUID userId;

    /** Minor units of {@link #currency}. */
    @Column(name = "price", nullable = false)
    private long price;

    @Column(nullable = false, length = 3)
    private String currency;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private OrderStatus status;

    private String reason;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "settled_at")
    private Instant settledAt;

    @Column(name = "payment_attempts", nullable = false)
    private int paymentAttempts;

    @Column(name = "next_payment_at")
    private Instant nextPaymentAt;

    protected Order() {
        // for Hibernate, and the factories below
    }

    /**
     * A new PENDING order. {@code reconcileAfter} leaves the first payment attempt to the request that placed it;
     * only if that one cannot learn the outcome does the reconciler take over.
     *
     * @throws IllegalArgumentException if the currency does not take the price ({@link CurrencyUnit#problemWith})
     */
    public static Order place(UUID id, UUID userId, BigDecimal price, CurrencyUnit currency, Instant now,
            Duration reconcileAfter) {
        Order order = new Order();
        order.id = Objects.requireNonNull(id);
        order.userId = Objects.requireNonNull(userId);
        order.price = currency.toMinor(price);
        order.currency = currency.code();
        order.status = OrderStatus.PENDING;
        order.createdAt = now.truncatedTo(ChronoUnit.MICROS); // what PostgreSQL keeps
        order.nextPaymentAt = order.createdAt.plus(reconcileAfter);
        return order;
    }

    /** An order as stored, read without Hibernate (the rules above made it, and hold for it as for any other). */
    public static Order stored(UUID id, UUID userId, long priceInMinorUnits, String currency, OrderStatus status,
            String reason, Instant createdAt, Instant settledAt, int paymentAttempts, Instant nextPaymentAt) {
        Order order = new Order();
        order.id = id;
        order.userId = userId;
        order.price = priceInMinorUnits;
        order.currency = currency;
        order.status = status;
        order.reason = reason;
        order.createdAt = createdAt;
        order.settledAt = settledAt;
        order.paymentAttempts = paymentAttempts;
        order.nextPaymentAt = nextPaymentAt;
        return order;
    }

    /** A repeated placement is the same one when it names the same user and the same price (10 = 10.00). */
    public boolean isPlacedAs(UUID userId, BigDecimal price) {
        return this.userId.equals(userId) && price().compareTo(price) == 0;
    }

    /** Only its owner sees an order; to anyone else it does not exist. */
    public boolean belongsTo(UUID userId) {
        return this.userId.equals(userId);
    }

    public void markPaid(Instant now) {
        settle(OrderStatus.PAID, null, now);
    }

    public void cancel(CancellationReason reason, Instant now) {
        settle(OrderStatus.CANCELLED, Objects.requireNonNull(reason, "a cancellation has a reason").code(), now);
    }

    /** The outcome is still unknown: try again after {@code backoff}. */
    public void postponePayment(Instant now, Duration backoff) {
        requirePending();
        paymentAttempts++;
        nextPaymentAt = now.plus(backoff);
    }

    private void settle(OrderStatus outcome, String reason, Instant now) {
        requirePending();
        this.status = outcome;
        this.reason = reason;
        this.settledAt = now.truncatedTo(ChronoUnit.MICROS);
        this.nextPaymentAt = null;
    }

    private void requirePending() {
        if (status != OrderStatus.PENDING) {
            throw new IllegalStateException("Order " + id + " is already " + status);
        }
    }

    public boolean isPending() {
        return status == OrderStatus.PENDING;
    }

    public UUID id() {
        return id;
    }

    public UUID userId() {
        return userId;
    }

    /** The price with all of its currency's digits: 12.30 USD, 1500 JPY, 10.250 KWD. */
    public BigDecimal price() {
        return CurrencyUnit.of(currency).toDecimal(price);
    }

    /** {@link #price()} as stored: in minor units of the currency. */
    public long priceInMinorUnits() {
        return price;
    }

    public String currency() {
        return currency;
    }

    public OrderStatus status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant settledAt() {
        return settledAt;
    }

    public int paymentAttempts() {
        return paymentAttempts;
    }

    public Instant nextPaymentAt() {
        return nextPaymentAt;
    }
}
