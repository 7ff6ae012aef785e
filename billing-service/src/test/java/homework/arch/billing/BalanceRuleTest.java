package homework.arch.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Balance#apply} answers the {@link BalanceRule} table (its SQL twin: {@code BalanceRuleSqlTest}). */
class BalanceRuleTest {

    static List<BalanceRule.Case> cases() {
        return BalanceRule.CASES;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void javaAnswersAsTheTableSays(BalanceRule.Case rule) {
        assertThat(answer(rule)).isEqualTo(rule.expected());
    }

    private static String answer(BalanceRule.Case rule) {
        try {
            Balance after = new Balance(rule.available(), rule.held())
                    .apply(new BalanceChange(rule.availableChange(), rule.heldChange()), BalanceRule.MAX_TOTAL);
            return BalanceRule.applied(after.available(), after.held());
        } catch (Rejection rejection) {
            return rejection.problem().code();
        } catch (IllegalStateException ledgerBug) {
            return BalanceRule.HELD_NEGATIVE;
        }
    }
}
