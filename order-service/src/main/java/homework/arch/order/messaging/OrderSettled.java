package homework.arch.order.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * Published on exchange {@code orders}: {@code OrderPaid} with routing key {@code order.paid}, or
 * {@code OrderCancelled} with routing key {@code order.cancelled} and a {@code reason}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderSettled(UUID eventId, String eventType, Instant occurredAt, UUID orderId, UUID userId,
        BigDecimal amount, String currency, String reason) {

    public static final String PAID = "OrderPaid";
    public static final String CANCELLED = "OrderCancelled";
}
