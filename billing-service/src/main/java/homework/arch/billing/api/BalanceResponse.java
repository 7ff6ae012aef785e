package homework.arch.billing.api;

import homework.arch.billing.Balance;
import homework.arch.infra.money.CurrencyUnit;
import java.math.BigDecimal;

/** An account's money after an operation: {@code balance = available + held}. */
public record BalanceResponse(BigDecimal available, BigDecimal held, BigDecimal balance) {

    public static BalanceResponse of(Balance balance, CurrencyUnit currency) {
        return new BalanceResponse(currency.toDecimal(balance.available()), currency.toDecimal(balance.held()),
                currency.toDecimal(balance.total()));
    }
}
