package homework.arch.order.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import homework.arch.order.Order;
import homework.arch.order.OrderStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** {@code reason} is there only for a CANCELLED order. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderResponse(UUID id, UUID userId, BigDecimal price, String currency, OrderStatus status, String reason,
        Instant createdAt) {

    static OrderResponse of(Order order) {
        return new OrderResponse(order.id(), order.userId(), order.price(), order.currency(), order.status(),
                order.reason(), order.createdAt());
    }
}
