package homework.arch.order.api;

import homework.arch.order.service.PlaceOrder;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * {@code id} is optional: a client that sends its own can safely repeat the request after a lost answer. The price
 * limit is billing's limit of one operation.
 */
public record PlaceOrderRequest(
        UUID id,
        @NotNull UUID userId,
        @NotNull @Positive @DecimalMax("1000000000000") @Digits(integer = 13, fraction = 2) BigDecimal price) {

    PlaceOrder toCommand() {
        return new PlaceOrder(id, userId, price);
    }
}
