package homework.arch.billing.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BillingConfigCheckTest {

    @Test
    void theDefaultsPass() {
        assertThatCode(() -> BillingConfigCheck.check(config("100000000000000", 100, 4, 50))).doesNotThrowAnyException();
    }

    @Test
    void aMaxBalanceThatIsNotPositiveOrOverflowsMinorUnitsIsRefused() {
        assertThatThrownBy(() -> BillingConfigCheck.check(config("0", 100, 4, 50)))
                .hasMessageContaining("billing.max-balance is 0");
        assertThatThrownBy(() -> BillingConfigCheck.check(config("100000000000000.01", 100, 4, 50)))
                .hasMessageContaining("billing.max-balance");
    }

    @Test
    void countsMustBePositive() {
        assertThatThrownBy(() -> BillingConfigCheck.check(config("1000", 0, 4, 50)))
                .hasMessageContaining("billing.holds.expiry-batch-size is 0");
        assertThatThrownBy(() -> BillingConfigCheck.check(config("1000", 100, 0, 50)))
                .hasMessageContaining("billing.commands.workers is 0");
        assertThatThrownBy(() -> BillingConfigCheck.check(config("1000", 100, 4, -1)))
                .hasMessageContaining("billing.commands.batch-size is -1");
    }

    @Test
    void theCommandsInHandMustFitInAPrefetch() {
        assertThatCode(() -> BillingConfigCheck.check(config("1000", 100, 65, 1000))).doesNotThrowAnyException();
        assertThatThrownBy(() -> BillingConfigCheck.check(config("1000", 100, 66, 1000)))
                .hasMessageContaining("billing.commands.workers × billing.commands.batch-size is 66000");
        assertThatThrownBy(() -> BillingConfigCheck.check(config("1000", 100, 100_000, 100_000)))
                .hasMessageContaining("is 10000000000");
    }

    private static BillingConfig config(String maxBalance, int expiryBatchSize, int workers, int batchSize) {
        return new BillingConfig() {
            @Override
            public String currency() {
                return "USD";
            }

            @Override
            public BigDecimal maxBalance() {
                return new BigDecimal(maxBalance);
            }

            @Override
            public Holds holds() {
                return new Holds() {
                    @Override
                    public Duration defaultExpiresIn() {
                        return Duration.ofMinutes(15);
                    }

                    @Override
                    public String expiryCheckEvery() {
                        return "5s";
                    }

                    @Override
                    public int expiryBatchSize() {
                        return expiryBatchSize;
                    }
                };
            }

            @Override
            public Reconciliation reconciliation() {
                return () -> "1m";
            }

            @Override
            public Commands commands() {
                return new Commands() {
                    @Override
                    public int workers() {
                        return workers;
                    }

                    @Override
                    public int batchSize() {
                        return batchSize;
                    }

                    @Override
                    public java.util.List<String> allowedSenders() {
                        return java.util.List.of("billing-commands-sender");
                    }
                };
            }
        };
    }
}
