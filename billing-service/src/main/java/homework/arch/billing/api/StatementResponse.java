package homework.arch.billing.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import homework.arch.billing.StatementLine;
import homework.arch.billing.TransactionType;
import homework.arch.infra.money.CurrencyUnit;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A page of an account's statement, newest first; {@code nextCursor} is null on the last page. */
public record StatementResponse(List<Item> items, String nextCursor) {

    /**
     * One entry: what happened ({@code amount} is what the operation moved) and how it changed this account.
     *
     * @param balanceChange signed change of the balance (available + held); 0 for a hold, which only blocks funds
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(UUID transactionId, TransactionType type, BigDecimal amount, String currency,
            BigDecimal balanceChange, BigDecimal availableChange, BigDecimal heldChange, BigDecimal balanceAfter,
            BigDecimal availableAfter, BigDecimal heldAfter, UUID counterpartyUserId, UUID holdId, UUID paymentId,
            UUID orderId, Instant createdAt) {

        static Item of(StatementLine line, CurrencyUnit currency) {
            return new Item(line.transactionId(), line.type(), currency.toDecimal(line.amount()), currency.code(),
                    currency.toDecimal(line.change().total()), currency.toDecimal(line.change().available()),
                    currency.toDecimal(line.change().held()), currency.toDecimal(line.after().total()),
                    currency.toDecimal(line.after().available()), currency.toDecimal(line.after().held()),
                    line.counterpartyId(), line.holdId(), line.paymentId(), line.orderId(), line.createdAt());
        }
    }
}
