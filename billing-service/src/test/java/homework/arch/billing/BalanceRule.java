package homework.arch.billing;

import java.util.List;

/**
 * The balance rule as a table: where an account stands, a change, and what the rule answers. The rule exists twice,
 * as {@link Balance#apply} (Java, for movements decided under row locks) and as the SQL statement that decides and
 * applies a one-account movement at once ({@code AccountRepository.APPLY_IF_ALLOWED}); {@code BalanceRuleTest} and
 * {@code BalanceRuleSqlTest} pin both to this one table, and {@code PaymentRuleSqlTest} the payment statement's
 * decision ({@code PaymentRepository.PAY}) to its debits.
 */
public final class BalanceRule {

    /** The largest balance in every case. */
    public static final long MAX_TOTAL = 1_000;

    /** The answer to a change the rule allows: the balance after it. */
    public static String applied(long available, long held) {
        return available + "/" + held;
    }

    public static final String INSUFFICIENT_FUNDS = "insufficient_funds";
    public static final String BALANCE_LIMIT_EXCEEDED = "balance_limit_exceeded";
    /** Held funds would go negative: a ledger bug in Java (an exception), a refusal in SQL. */
    public static final String HELD_NEGATIVE = "held_negative";

    /** @param expected {@link #applied} for an allowed change, else why it is refused */
    public record Case(String name, long available, long held, long availableChange, long heldChange,
            String expected) {

        public boolean allowed() {
            return expected.contains("/");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public static final List<Case> CASES = List.of(
            new Case("deposit", 0, 0, 100, 0, applied(100, 0)),
            new Case("deposit up to the limit", 900, 0, 100, 0, applied(1000, 0)),
            new Case("deposit beyond the limit", 901, 0, 100, 0, BALANCE_LIMIT_EXCEEDED),
            new Case("held funds count toward the limit", 500, 500, 1, 0, BALANCE_LIMIT_EXCEEDED),
            new Case("withdrawal of everything available", 100, 50, -100, 0, applied(0, 50)),
            new Case("withdrawal beyond available", 100, 0, -101, 0, INSUFFICIENT_FUNDS),
            new Case("held funds cannot be spent", 50, 100, -60, 0, INSUFFICIENT_FUNDS),
            new Case("withdrawal from a balance above the limit", 1200, 0, -100, 0, applied(1100, 0)),
            new Case("hold", 100, 0, -100, 100, applied(0, 100)),
            new Case("hold beyond available", 100, 0, -101, 101, INSUFFICIENT_FUNDS),
            new Case("hold at the limit", 1000, 0, -500, 500, applied(500, 500)),
            new Case("release above the limit", 200, 1000, 1000, -1000, applied(1200, 0)),
            new Case("partial capture", 0, 100, 40, -100, applied(40, 0)),
            new Case("capture of it all", 10, 100, 0, -100, applied(10, 0)),
            new Case("held going negative", 0, 50, 100, -100, HELD_NEGATIVE));

    private BalanceRule() {
    }
}
