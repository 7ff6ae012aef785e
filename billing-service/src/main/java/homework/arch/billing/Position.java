package homework.arch.billing;

import java.util.UUID;

/** An account's balance right after one of its postings, and that posting's place in the account's history. */
public record Position(UUID accountId, Balance balance, long seq) {

    /** Where the account stands after {@code change}: the next place in its history. */
    public Position after(BalanceChange change, long maxTotal) {
        return new Position(accountId, balance.apply(change, maxTotal), seq + 1);
    }
}
