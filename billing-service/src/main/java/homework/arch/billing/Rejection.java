package homework.arch.billing;

import homework.arch.infra.problem.ProblemException;
import java.util.UUID;

/**
 * A business rule said no. Rejections are decided before the operation writes anything, so the transaction may
 * commit them: with an operation id the rejection is recorded and every retry gets the same answer.
 */
public class Rejection extends ProblemException {

    private Rejection(int status, String code, String title, String detail) {
        super(status, code, title, detail);
    }

    public static Rejection accountNotFound(UUID userId) {
        return new Rejection(404, "account_not_found", "Account not found", "No account for user " + userId);
    }

    public static Rejection holdNotFound(UUID holdId) {
        return new Rejection(404, "hold_not_found", "Hold not found", "No hold " + holdId);
    }

    public static Rejection paymentNotFound(UUID paymentId) {
        return new Rejection(404, "payment_not_found", "Payment not found", "No payment " + paymentId);
    }

    public static Rejection insufficientFunds() {
        return new Rejection(409, "insufficient_funds", "Insufficient funds",
                "The available balance does not cover the amount (held funds cannot be spent)");
    }

    public static Rejection balanceLimitExceeded() {
        return new Rejection(409, "balance_limit_exceeded", "Balance limit exceeded",
                "The operation would take the balance above the largest balance an account may have");
    }

    public static Rejection holdNotActive(UUID holdId, HoldStatus status) {
        return new Rejection(409, "hold_not_active", "Hold not active",
                "Hold " + holdId + " is " + status + "; only a HELD hold can be captured or released");
    }

    public static Rejection holdExpired(UUID holdId) {
        return new Rejection(409, "hold_expired", "Hold expired",
                "Hold " + holdId + " has expired; its funds are (or are being) released");
    }

    public static Rejection captureExceedsHold() {
        return new Rejection(409, "capture_exceeds_hold", "Capture exceeds hold",
                "The capture amount is larger than the held amount");
    }

    public static Rejection holdExists(UUID holdId) {
        return new Rejection(409, "hold_exists", "Hold exists", "Hold " + holdId + " already exists");
    }

    public static Rejection sameAccount() {
        return new Rejection(422, "same_account", "Same account", "A transfer needs two different accounts");
    }

    public static Rejection paymentConflict(UUID orderId) {
        return new Rejection(409, "payment_conflict", "Payment conflict",
                "Order " + orderId + " already has a payment for another user or amount");
    }

    public static Rejection reservedUserId(UUID userId) {
        return new Rejection(422, "user_id_reserved", "User id reserved",
                "User id " + userId + " is reserved for the ledger's system account");
    }

    public static Rejection invalidAmount(String message) {
        return new Rejection(400, "invalid_amount", "Invalid amount", "amount " + message);
    }

    public static Rejection invalidExpiry(String message) {
        return new Rejection(400, "invalid_expiry", "Invalid expiry", "expiresInSeconds " + message);
    }
}
