package homework.arch.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BalanceTest {

    private static final long LIMIT = 1_000;

    @Test
    void spendingTakesFromAvailableOnly() {
        Balance balance = new Balance(100, 50);

        assertThat(balance.apply(new BalanceChange(-100, 0), LIMIT)).isEqualTo(new Balance(0, 50));
        assertThat(balance.total()).isEqualTo(150);
    }

    @Test
    void heldFundsCannotBeSpent() {
        assertThatThrownBy(() -> new Balance(100, 50).apply(new BalanceChange(-101, 0), LIMIT))
                .isInstanceOfSatisfying(Rejection.class,
                        e -> assertThat(e.problem().code()).isEqualTo("insufficient_funds"));
    }

    @Test
    void aHoldMovesAvailableToHeldWithoutChangingTheBalance() {
        Balance after = new Balance(100, 0).apply(new BalanceChange(-30, 30), LIMIT);

        assertThat(after).isEqualTo(new Balance(70, 30));
        assertThat(after.total()).isEqualTo(100);
    }

    @Test
    void aBalanceMayNotGrowBeyondTheLimit() {
        assertThat(new Balance(900, 50).apply(new BalanceChange(50, 0), LIMIT).total()).isEqualTo(LIMIT);
        assertThatThrownBy(() -> new Balance(900, 50).apply(new BalanceChange(51, 0), LIMIT))
                .isInstanceOfSatisfying(Rejection.class,
                        e -> assertThat(e.problem().code()).isEqualTo("balance_limit_exceeded"));
    }

    @Test
    void aBalanceAboveTheLimitCanStillShrink() {
        assertThat(new Balance(2_000, 0).apply(new BalanceChange(-10, 0), LIMIT)).isEqualTo(new Balance(1_990, 0));
    }

    @Test
    void heldFundsGoingNegativeIsABrokenLedgerNotAClientError() {
        assertThatThrownBy(() -> new Balance(100, 10).apply(new BalanceChange(20, -20), LIMIT))
                .isInstanceOf(IllegalStateException.class);
    }
}
