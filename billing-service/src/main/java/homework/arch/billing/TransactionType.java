package homework.arch.billing;

/** What a journal transaction was; the statement shows it. */
public enum TransactionType {
    DEPOSIT,
    WITHDRAWAL,
    TRANSFER,
    HOLD,
    CAPTURE,
    RELEASE,
    /** A hold released automatically because it expired. */
    EXPIRY,
    PAYMENT
}
