package homework.arch.billing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Funds blocked for a later capture: placing a hold moves the amount from available to held; capturing takes all or
 * part of it out of the ledger (the rest goes back to available); releasing, on request or on expiry, gives it all
 * back. Each of these is a {@link Movement} the caller posts; the hold only decides whether it is allowed.
 */
@Entity
@Table(name = "hold")
public class Hold {

    /** The longest a hold may block funds. */
    public static final long MAX_EXPIRES_IN_SECONDS = 30L * 24 * 60 * 60;

    @Id
    private UUID id;
    @Column(name = "user_id", nullable = false, updatable = false)
    private UUID userId;
    @Column(nullable = false, updatable = false)
    private long amount;
    @Column(name = "captured_amount")
    private Long capturedAmount;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private HoldStatus status;
    @Column(name = "expires_at", nullable = false, updatable = false)
    private Instant expiresAt;
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected Hold() {
    }

    private Hold(UUID id, UUID userId, long amount, Instant now, Instant expiresAt) {
        this.id = id;
        this.userId = userId;
        this.amount = amount;
        this.status = HoldStatus.HELD;
        this.expiresAt = expiresAt;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /**
     * A new hold; {@link #placement()} is the movement that blocks its amount.
     *
     * @throws Rejection {@code invalid_expiry} unless it expires 1 s to {@link #MAX_EXPIRES_IN_SECONDS} from now
     */
    public static Hold place(UUID id, UUID userId, long amount, Duration expiresIn, Instant now) {
        if (expiresIn.compareTo(Duration.ofSeconds(1)) < 0
                || expiresIn.compareTo(Duration.ofSeconds(MAX_EXPIRES_IN_SECONDS)) > 0) {
            throw Rejection.invalidExpiry("must be between 1 and " + MAX_EXPIRES_IN_SECONDS);
        }
        if (amount <= 0) {
            throw new IllegalArgumentException("A hold blocks a positive amount, not " + amount);
        }
        return new Hold(id, userId, amount, now, now.plus(expiresIn));
    }

    public Movement placement() {
        return Movement.ofHold(TransactionType.HOLD, id, userId, amount, new BalanceChange(-amount, amount));
    }

    /**
     * Takes {@code requested} (all of it when null) out of the hold; the rest goes back to available.
     *
     * @throws Rejection {@code hold_not_active} (already captured or released), {@code hold_expired},
     *         {@code capture_exceeds_hold}
     */
    public Movement capture(Long requested, Instant now) {
        if (status == HoldStatus.CAPTURED) {
            throw Rejection.holdNotActive(id, status);
        }
        if (isExpired(now)) {
            throw Rejection.holdExpired(id);
        }
        if (status != HoldStatus.HELD) {
            throw Rejection.holdNotActive(id, status);
        }
        long captured = requested == null ? amount : requested;
        if (captured > amount) {
            throw Rejection.captureExceedsHold();
        }
        status = HoldStatus.CAPTURED;
        capturedAmount = captured;
        updatedAt = now;
        return Movement.ofHold(TransactionType.CAPTURE, id, userId, captured,
                new BalanceChange(amount - captured, -amount));
    }

    /**
     * Gives the whole amount back to available; allowed also after expiry (that is what the expiry job does).
     *
     * @throws Rejection {@code hold_not_active}
     */
    public Movement release(Instant now) {
        if (status != HoldStatus.HELD) {
            throw Rejection.holdNotActive(id, status);
        }
        return giveBack(TransactionType.RELEASE, now);
    }

    /** The expiry job's release of a hold that is still HELD after its expiry. */
    public Movement expire(Instant now) {
        if (status != HoldStatus.HELD || !isExpired(now)) {
            throw new IllegalStateException("Hold " + id + " is " + status + " and expires at " + expiresAt);
        }
        return giveBack(TransactionType.EXPIRY, now);
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    private Movement giveBack(TransactionType type, Instant now) {
        status = HoldStatus.RELEASED;
        updatedAt = now;
        return Movement.ofHold(type, id, userId, amount, new BalanceChange(amount, -amount));
    }

    public UUID id() {
        return id;
    }

    public UUID userId() {
        return userId;
    }

    public long amount() {
        return amount;
    }

    /** Null unless captured. */
    public Long capturedAmount() {
        return capturedAmount;
    }

    public HoldStatus status() {
        return status;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
