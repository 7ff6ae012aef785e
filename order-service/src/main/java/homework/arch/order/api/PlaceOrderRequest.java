package homework.arch.order.api;

import homework.arch.infra.money.ValidAmount;
import homework.arch.order.service.PlaceOrder;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * {@code id} is optional: a client that sends its own can safely repeat the request after a lost answer. The price
 * follows billing's rule for an amount of the deployment's currency ({@link ValidAmount}).
 */
public record PlaceOrderRequest(
        UUID id,
        @NotNull UUID userId,
        @NotNull @ValidAmount BigDecimal price) {

    PlaceOrder toCommand() {
        return new PlaceOrder(id, userId, price);
    }
}
