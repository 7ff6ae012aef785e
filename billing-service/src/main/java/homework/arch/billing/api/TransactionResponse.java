package homework.arch.billing.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import homework.arch.billing.Movement;
import homework.arch.billing.Position;
import homework.arch.billing.TransactionType;
import homework.arch.infra.money.CurrencyUnit;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A deposit, withdrawal or transfer as recorded in the journal.
 *
 * @param userId   the account the operation was for (a transfer's payer)
 * @param toUserId a transfer's payee
 * @param balances the balance right after the operation of each account involved that the requester may see: a
 *                 user sees their own only (a transfer's payer, never its payee); a trusted system sees them all
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransactionResponse(UUID id, TransactionType type, UUID userId, UUID toUserId, BigDecimal amount,
        String currency, Instant createdAt, Map<UUID, BalanceResponse> balances) {

    public static TransactionResponse of(Movement movement, List<Position> after, Instant createdAt,
            CurrencyUnit currency) {
        return new TransactionResponse(movement.id(), movement.type(), movement.userId(), movement.counterpartyId(),
                currency.toDecimal(movement.amount()), currency.code(), createdAt, balances(after, currency));
    }

    static Map<UUID, BalanceResponse> balances(List<Position> after, CurrencyUnit currency) {
        Map<UUID, BalanceResponse> balances = new LinkedHashMap<>();
        after.forEach(position -> balances.put(position.accountId(),
                BalanceResponse.of(position.balance(), currency)));
        return balances;
    }
}
