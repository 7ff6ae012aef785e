package homework.arch.billing;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of an account's statement: a journal transaction as it touched this account.
 *
 * @param seq            the posting's place in the account's history (newer entries have larger numbers)
 * @param amount         what the operation moved, always positive
 * @param change         how this account's available and held parts changed
 * @param after          the account's balance right after this entry
 * @param counterpartyId the other account of a transfer
 */
public record StatementLine(long seq, UUID transactionId, TransactionType type, long amount, BalanceChange change,
        Balance after, UUID counterpartyId, UUID holdId, UUID paymentId, UUID orderId, Instant createdAt) {
}
