package homework.arch.billing.api;

import homework.arch.billing.Hold;
import homework.arch.infra.money.ValidAmount;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.util.UUID;

/** The request bodies. Unknown fields, trailing documents and wrong types are rejected before these exist. */
public final class Requests {

    private Requests() {
    }

    public record OpenAccount(@NotNull UUID userId) {
    }

    /** A deposit or a withdrawal. */
    public record Amount(@NotNull @ValidAmount BigDecimal amount) {
    }

    /** @param fromUserId the payer: the caller; absent = the caller */
    public record Transfer(UUID fromUserId, @NotNull UUID toUserId, @NotNull @ValidAmount BigDecimal amount) {
    }

    /**
     * @param userId           whose funds: the caller's; absent = the caller's
     * @param expiresInSeconds how long the funds stay blocked; absent = the configured default
     */
    public record PlaceHold(UUID userId, @NotNull @ValidAmount BigDecimal amount,
            @Min(1) @Max(Hold.MAX_EXPIRES_IN_SECONDS) Long expiresInSeconds) {
    }

    /** @param amount how much to take; absent (or no body at all) = all of it */
    public record Capture(@ValidAmount BigDecimal amount) {
    }

    public record Pay(@NotNull UUID orderId, @NotNull UUID userId, @NotNull @ValidAmount BigDecimal amount) {
    }
}
