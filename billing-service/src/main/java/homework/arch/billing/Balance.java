package homework.arch.billing;

/**
 * An account's money in minor units: {@code available} can be spent, {@code held} is blocked by holds; the balance
 * is their sum. Neither part may go negative (the database enforces it too).
 */
public record Balance(long available, long held) {

    public static final Balance ZERO = new Balance(0, 0);

    public long total() {
        return available + held;
    }

    /**
     * The balance after {@code change}.
     *
     * @param maxTotal the largest balance an account may have; it keeps every sum far from overflowing a bigint
     * @throws Rejection {@code insufficient_funds} when available would go negative, {@code balance_limit_exceeded}
     *         when the balance would exceed {@code maxTotal}
     */
    public Balance apply(BalanceChange change, long maxTotal) {
        Balance after = new Balance(available + change.available(), held + change.held());
        if (after.held < 0) {
            // Holds release only what they blocked: a negative held part means the ledger itself is wrong.
            throw new IllegalStateException("Held funds would go negative: " + this + " + " + change);
        }
        if (after.available < 0) {
            throw Rejection.insufficientFunds();
        }
        if (change.total() > 0 && after.total() > maxTotal) {
            throw Rejection.balanceLimitExceeded();
        }
        return after;
    }
}
