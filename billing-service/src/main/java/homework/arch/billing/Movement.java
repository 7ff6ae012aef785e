package homework.arch.billing;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.hibernate.id.uuid.UuidVersion7Strategy;

/**
 * One journal transaction: how an operation moves money between user accounts and the system account (the world
 * outside the ledger, where deposits come from and withdrawals, captures and payments go). Only user legs are
 * listed; the system leg is whatever makes the postings sum to zero, so every movement balances by construction.
 *
 * @param legs the user accounts' changes in the operation's own order (a transfer's payer first)
 */
public record Movement(UUID id, TransactionType type, long amount, UUID userId, UUID counterpartyId, UUID holdId,
        UUID paymentId, List<Leg> legs) {

    /** The system account: every movement's counterpart for money entering or leaving the ledger. */
    public static final UUID SYSTEM_ACCOUNT = new UUID(0, 0);

    public record Leg(UUID accountId, BalanceChange change) {
    }

    /**
     * A new transaction id, ordered by time (UUID version 7): the journal's indexes on it then grow at their end,
     * where random ids would make each insert touch (and log) a page of its own.
     */
    private static UUID newId() {
        return UuidVersion7Strategy.INSTANCE.generateUuid(null);
    }

    public Movement {
        Objects.requireNonNull(type, "type");
        if (amount <= 0) {
            throw new IllegalArgumentException("A movement moves a positive amount, not " + amount);
        }
        legs = List.copyOf(legs);
    }

    public static Movement deposit(UUID userId, long amount) {
        return new Movement(newId(), TransactionType.DEPOSIT, amount, userId, null, null, null,
                List.of(new Leg(userId, new BalanceChange(amount, 0))));
    }

    public static Movement withdrawal(UUID userId, long amount) {
        return new Movement(newId(), TransactionType.WITHDRAWAL, amount, userId, null, null, null,
                List.of(new Leg(userId, new BalanceChange(-amount, 0))));
    }

    /** @throws Rejection {@code same_account} */
    public static Movement transfer(UUID fromUserId, UUID toUserId, long amount) {
        if (fromUserId.equals(toUserId)) {
            throw Rejection.sameAccount();
        }
        return new Movement(newId(), TransactionType.TRANSFER, amount, fromUserId, toUserId, null, null,
                List.of(new Leg(fromUserId, new BalanceChange(-amount, 0)),
                        new Leg(toUserId, new BalanceChange(amount, 0))));
    }

    public static Movement payment(UUID paymentId, UUID userId, long amount) {
        return new Movement(newId(), TransactionType.PAYMENT, amount, userId, null, null, paymentId,
                List.of(new Leg(userId, new BalanceChange(-amount, 0))));
    }

    /** Moves a user's money as {@code change} says: between available and held, or (what a capture takes) out. */
    static Movement ofHold(TransactionType type, UUID holdId, UUID userId, long amount, BalanceChange change) {
        return new Movement(newId(), type, amount, userId, null, holdId, null,
                List.of(new Leg(userId, change)));
    }

    /** The system account's posting: minus the sum of the user postings (zero when money stays inside). */
    public long systemChange() {
        return -legs.stream().mapToLong(leg -> leg.change().total()).sum();
    }
}
