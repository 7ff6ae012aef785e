package homework.arch.billing;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A request to change the ledger, whichever way it arrived (REST or the command queue). An operation id (a REST
 * caller's Idempotency-Key, or a command sender's operationId) identifies one operation of whoever sent it: the same
 * id of the same sender with the same operation has the effect of one, and every repeat gets the first answer.
 */
public sealed interface BillingOperation {

    /** The operation's kind, as in metrics and command types (OPEN_ACCOUNT, DEPOSIT, ...). */
    String type();

    /**
     * The canonical form of the operation: equal for equal operations wherever they came from (amounts compare by
     * value, so 10 and 10.00 are the same), different for anything else. The idempotency store compares it.
     */
    default String fingerprint() {
        return type() + parameters().stream().map(BillingOperation::canonical).collect(Collectors.joining("|", "|", ""));
    }

    /** The operation's parameters, in a fixed order (absent ones as null). */
    List<Object> parameters();

    /**
     * The operation given to the visitor's method for its kind: the one dispatch over operations, which the compiler
     * checks for every kind (a new kind does not compile until every visitor handles it).
     */
    <R> R accept(Visitor<R> visitor);

    /** Something done with each kind of operation (see {@link #accept}). */
    interface Visitor<R> {
        R openAccount(OpenAccount operation);

        R deposit(Deposit operation);

        R withdrawal(Withdrawal operation);

        R transfer(Transfer operation);

        R placeHold(PlaceHold operation);

        R captureHold(CaptureHold operation);

        R releaseHold(ReleaseHold operation);

        R pay(Pay operation);
    }

    /**
     * A deposit, withdrawal or transfer: an operation that is nothing but a {@link Movement} of its amount, which a
     * batch of them can decide and write together.
     */
    sealed interface MoneyMovement extends BillingOperation {

        BigDecimal amount();

        /**
         * @param minorAmount {@link #amount()} in minor units
         * @throws Rejection {@code same_account} for a transfer to the payer's own account
         */
        Movement movement(long minorAmount);
    }

    private static String canonical(Object value) {
        if (value instanceof BigDecimal amount) {
            return amount.stripTrailingZeros().toPlainString();
        }
        return Objects.toString(value, "");
    }

    record OpenAccount(UUID userId) implements BillingOperation {
        public String type() {
            return "OPEN_ACCOUNT";
        }

        public List<Object> parameters() {
            return Arrays.asList(userId);
        }

        public <R> R accept(Visitor<R> visitor) {
            return visitor.openAccount(this);
        }
    }

    record Deposit(UUID userId, BigDecimal amount) implements MoneyMovement {
        public String type() {
            return "DEPOSIT";
        }

        public List<Object> parameters() {
            return Arrays.asList(userId, amount);
        }

        public <R> R accept(Visitor<R> visitor) {
            return visitor.deposit(this);
        }

        public Movement movement(long minorAmount) {
            return Movement.deposit(userId, minorAmount);
        }
    }

    record Withdrawal(UUID userId, BigDecimal amount) implements MoneyMovement {
        public String type() {
            return "WITHDRAW";
        }

        public List<Object> parameters() {
            return Arrays.asList(userId, amount);
        }

        public <R> R accept(Visitor<R> visitor) {
            return visitor.withdrawal(this);
        }

        public Movement movement(long minorAmount) {
            return Movement.withdrawal(userId, minorAmount);
        }
    }

    record Transfer(UUID fromUserId, UUID toUserId, BigDecimal amount) implements MoneyMovement {
        public String type() {
            return "TRANSFER";
        }

        public List<Object> parameters() {
            return Arrays.asList(fromUserId, toUserId, amount);
        }

        public <R> R accept(Visitor<R> visitor) {
            return visitor.transfer(this);
        }

        public Movement movement(long minorAmount) {
            return Movement.transfer(fromUserId, toUserId, minorAmount);
        }
    }

    /**
     * @param holdId           the new hold's id; null = the operation id when that is a UUID, else a random one
     * @param expiresInSeconds null = the configured default
     */
    record PlaceHold(UUID holdId, UUID userId, BigDecimal amount, Long expiresInSeconds) implements BillingOperation {
        public String type() {
            return "HOLD";
        }

        public List<Object> parameters() {
            return Arrays.asList(holdId, userId, amount, expiresInSeconds);
        }

        public <R> R accept(Visitor<R> visitor) {
            return visitor.placeHold(this);
        }
    }

    /**
     * @param amount null = capture all of it
     * @param userId the hold's owner as the caller names it (a command, a user: another's hold is "not found");
     *               null = whoever owns it
     */
    record CaptureHold(UUID holdId, BigDecimal amount, UUID userId) implements BillingOperation {
        public String type() {
            return "CAPTURE";
        }

        public List<Object> parameters() {
            return Arrays.asList(holdId, amount, userId);
        }

        public <R> R accept(Visitor<R> visitor) {
            return visitor.captureHold(this);
        }
    }

    /** @param userId the hold's owner as the caller names it; null = whoever owns it */
    record ReleaseHold(UUID holdId, UUID userId) implements BillingOperation {
        public String type() {
            return "RELEASE";
        }

        public List<Object> parameters() {
            return Arrays.asList(holdId, userId);
        }

        public <R> R accept(Visitor<R> visitor) {
            return visitor.releaseHold(this);
        }
    }

    /** Paying an order; idempotent by {@code orderId} even without an operation id. */
    record Pay(UUID orderId, UUID userId, BigDecimal amount) implements BillingOperation {
        public String type() {
            return "PAYMENT";
        }

        public List<Object> parameters() {
            return Arrays.asList(orderId, userId, amount);
        }

        public <R> R accept(Visitor<R> visitor) {
            return visitor.pay(this);
        }
    }
}
