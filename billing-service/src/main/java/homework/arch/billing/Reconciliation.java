package homework.arch.billing;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * Proof, from one consistent snapshot of the database, that the ledger holds together (all amounts in minor units):
 * <ul>
 * <li>every account's balance equals the sum of its postings, and its held part the sum of its HELD holds;</li>
 * <li>every posting's "balance after" is the running sum of the account's postings, numbered 1, 2, ... without
 * gaps;</li>
 * <li>every journal transaction has postings and they sum to zero;</li>
 * <li>the users' money is what entered minus what left: {@code userTotal = deposits - withdrawals = -systemTotal},
 * where withdrawals count everything that left the ledger (withdrawals, captures, payments).</li>
 * </ul>
 *
 * @param mismatchedAccounts a sample of the accounts whose balance or held part is wrong
 */
public record Reconciliation(long accounts, long transactions, long accountsNotMatchingJournal,
        long accountsNotMatchingHolds, long postingsWithWrongBalanceAfter, long unbalancedTransactions,
        long transactionsWithoutPostings, BigDecimal userTotal, BigDecimal systemTotal, BigDecimal deposits,
        BigDecimal withdrawals, List<UUID> mismatchedAccounts) {

    public boolean consistent() {
        return accountsNotMatchingJournal == 0 && accountsNotMatchingHolds == 0 && postingsWithWrongBalanceAfter == 0
                && unbalancedTransactions == 0 && transactionsWithoutPostings == 0
                && userTotal.compareTo(systemTotal.negate()) == 0
                && userTotal.compareTo(deposits.subtract(withdrawals)) == 0;
    }
}
