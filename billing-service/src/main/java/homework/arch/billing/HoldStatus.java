package homework.arch.billing;

public enum HoldStatus {
    /** The amount is blocked: not available, still part of the balance. */
    HELD,
    /** Taken (in full or in part); any rest went back to available. Final. */
    CAPTURED,
    /** Given back to available, on request or because the hold expired. Final. */
    RELEASED
}
