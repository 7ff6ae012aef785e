package homework.arch.billing.api;

import homework.arch.billing.Account;
import homework.arch.infra.money.CurrencyUnit;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

public record AccountResponse(UUID userId, BigDecimal balance, BigDecimal available, BigDecimal held,
        String currency, Instant createdAt, Instant updatedAt) {

    public static AccountResponse of(Account account, CurrencyUnit currency) {
        return new AccountResponse(account.userId(), currency.toDecimal(account.balance().total()),
                currency.toDecimal(account.balance().available()), currency.toDecimal(account.balance().held()),
                currency.code(), account.createdAt(), account.updatedAt());
    }
}
