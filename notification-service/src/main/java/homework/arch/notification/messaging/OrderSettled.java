package homework.arch.notification.messaging;

import com.fasterxml.jackson.annotation.JsonIgnore;
import homework.arch.infra.money.CurrencyUnit;
import jakarta.validation.constraints.AssertTrue;
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
        @NotNull @Positive BigDecimal amount,
        @NotNull @Pattern(regexp = "[A-Z]{3}") String currency,
        String reason) {

    public static final String PAID = "OrderPaid";
    public static final String CANCELLED = "OrderCancelled";

    public boolean paid() {
        return PAID.equals(eventType);
    }

    /**
     * The amount is a whole number of the minor units of its currency, an ISO 4217 one with a minor unit (what
     * order-service publishes): 1500 JPY, 10.250 KWD, never 10.5 JPY.
     */
    @JsonIgnore
    @AssertTrue(message = "amount must be a whole number of minor units of an ISO 4217 currency")
    public boolean isAmountInMinorUnitsOfCurrency() {
        if (amount == null || currency == null) {
            return true; // @NotNull says what is missing
        }
        try {
            return CurrencyUnit.of(currency).isWholeMinorUnits(amount);
        } catch (IllegalArgumentException unknownCurrency) {
            return false;
        }
    }
}
