package homework.arch.notification.messaging;

import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * What this service reads of order-service's {@code order.paid} / {@code order.cancelled} events on exchange
 * {@code orders}; {@code reason} is set on cancellations.
 */
public record OrderSettled(
        @NotNull UUID eventId,
        @NotNull @Pattern(regexp = PAID + "|" + CANCELLED) String eventType,
        @NotNull Instant occurredAt,
        @NotNull UUID orderId,
        @NotNull UUID userId,
        @NotNull @Positive @Digits(integer = 17, fraction = 2) BigDecimal amount,
        @NotNull @Pattern(regexp = "[A-Z]{3}") String currency,
        String reason) {

    public static final String PAID = "OrderPaid";
    public static final String CANCELLED = "OrderCancelled";

    public boolean paid() {
        return PAID.equals(eventType);
    }
}
