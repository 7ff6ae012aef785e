package homework.arch.order.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "orders")
public interface OrdersConfig {

    /** ISO 4217 code of the one currency of this deployment; billing must use the same. */
    String currency();

    Reconciler reconciler();

    /** The background settlement of orders whose payment outcome the placing request could not learn. */
    interface Reconciler {

        /** How often due PENDING orders are looked for (also read by the {@code @Scheduled} expression). */
        @WithDefault("5s")
        String every();

        /** Left to the placing request's own payment attempt before the reconciler may try too. */
        @WithDefault("30s")
        Duration firstAttemptAfter();

        /** Pause after the first failed reconciliation; doubles with each further one. */
        @WithDefault("2s")
        Duration minBackoff();

        @WithDefault("5m")
        Duration maxBackoff();

        /** Orders claimed per run and replica. */
        @WithDefault("20")
        int batchSize();
    }
}
