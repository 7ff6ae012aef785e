package homework.arch.order.api;

import homework.arch.infra.money.ValidAmount;
import homework.arch.order.service.PlaceOrder;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * {@code id} is optional: a client that sends its own can safely repeat the request after a lost answer.
 * {@code userId} is optional too: the order is always the caller's, and naming anyone else is refused. The price
 * follows billing's rule for an amount of the deployment's currency ({@link ValidAmount}).
 */
public record PlaceOrderRequest(
        UUID id,
        UUID userId,
        @NotNull @ValidAmount BigDecimal price) {

    /** @param owner the caller, whom {@code userId} (if given) has been checked to name */
    PlaceOrder toCommand(UUID owner) {
        return new PlaceOrder(id, owner, price);
    }
}
