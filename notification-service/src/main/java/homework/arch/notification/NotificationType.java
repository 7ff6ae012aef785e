package homework.arch.notification;

public enum NotificationType {
    ORDER_PAID,
    ORDER_CANCELLED
}
