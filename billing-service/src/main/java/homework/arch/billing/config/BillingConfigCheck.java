package homework.arch.billing.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.math.BigDecimal;

/**
 * Refuses to start with a billing setting out of range. Plain checks instead of Bean Validation constraints on
 * {@link BillingConfig}: constraints on a config mapping make Quarkus build a second ValidatorFactory while starting,
 * a large share of billing's time to ready.
 */
@ApplicationScoped
public class BillingConfigCheck {

    /** The largest balance that keeps every sum of minor units within a bigint. */
    static final BigDecimal LARGEST_MAX_BALANCE = new BigDecimal("100000000000000");
    /** basic.qos's prefetch-count is an unsigned short. */
    static final int LARGEST_PREFETCH = 65_535;

    void onStart(@Observes StartupEvent event, BillingConfig config) {
        check(config);
    }

    static void check(BillingConfig config) {
        require(config.maxBalance().signum() > 0 && config.maxBalance().compareTo(LARGEST_MAX_BALANCE) <= 0,
                "billing.max-balance", config.maxBalance(), "between 0 (excluded) and " + LARGEST_MAX_BALANCE);
        require(config.holds().expiryBatchSize() > 0, "billing.holds.expiry-batch-size",
                config.holds().expiryBatchSize(), "positive");
        require(config.commands().workers() > 0, "billing.commands.workers", config.commands().workers(), "positive");
        require(config.commands().batchSize() > 0, "billing.commands.batch-size", config.commands().batchSize(),
                "positive");
        long inHand = (long) config.commands().workers() * config.commands().batchSize();
        require(inHand <= LARGEST_PREFETCH, "billing.commands.workers × billing.commands.batch-size", inHand,
                "at most " + LARGEST_PREFETCH + ", the largest prefetch AMQP allows (the consumer's prefetch)");
    }

    private static void require(boolean valid, String property, Object value, String range) {
        if (!valid) {
            throw new IllegalStateException(property + " is " + value + "; it must be " + range);
        }
    }
}
