package homework.arch.billing.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import homework.arch.billing.Hold;
import homework.arch.billing.HoldStatus;
import homework.arch.billing.Position;
import homework.arch.infra.money.CurrencyUnit;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * @param capturedAmount what a capture took (the rest went back to available); absent unless CAPTURED
 * @param balances       the account's balance right after the operation; absent when the hold is just read
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HoldResponse(UUID id, UUID userId, BigDecimal amount, BigDecimal capturedAmount, HoldStatus status,
        String currency, Instant expiresAt, Instant createdAt, Instant updatedAt,
        Map<UUID, BalanceResponse> balances) {

    public static HoldResponse of(Hold hold, CurrencyUnit currency) {
        return of(hold, currency, null);
    }

    public static HoldResponse of(Hold hold, CurrencyUnit currency, List<Position> after) {
        return new HoldResponse(hold.id(), hold.userId(), currency.toDecimal(hold.amount()),
                hold.capturedAmount() == null ? null : currency.toDecimal(hold.capturedAmount()), hold.status(),
                currency.code(), hold.expiresAt(), hold.createdAt(), hold.updatedAt(),
                after == null ? null : TransactionResponse.balances(after, currency));
    }
}
