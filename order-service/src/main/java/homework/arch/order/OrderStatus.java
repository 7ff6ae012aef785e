package homework.arch.order;

public enum OrderStatus {
    /** Stored; the payment's outcome is not known yet. */
    PENDING,
    PAID,
    CANCELLED
}
