package homework.arch.billing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/** Billing's settings; {@link BillingConfigCheck} refuses to start with one out of range. */
@ConfigMapping(prefix = "billing")
public interface BillingConfig {

    /** The deployment's one currency, ISO 4217; every amount in the ledger is in it. */
    @WithDefault("USD")
    String currency();

    /** The largest balance one account may have, in major units; bounded so that minor units fit a bigint. */
    @WithDefault("100000000000000")
    BigDecimal maxBalance();

    Holds holds();

    Commands commands();

    Reconciliation reconciliation();

    interface Holds {

        /** How long a hold blocks its funds when the request does not say. */
        @WithDefault("PT15M")
        Duration defaultExpiresIn();

        /** How often the expiry job looks for expired holds ({@code off} = never). */
        @WithDefault("5s")
        String expiryCheckEvery();

        /** Expired holds released per transaction. */
        @WithDefault("100")
        int expiryBatchSize();
    }

    /** The periodic reconciliation behind the {@code billing_ledger_consistent} gauge (LedgerConsistency). */
    interface Reconciliation {

        /** How often each instance reconciles the whole ledger ({@code off} = never; the gauge then stays NaN). */
        @WithDefault("1m")
        String checkEvery();
    }

    /**
     * The consumer of the {@code billing.commands} queue in this instance: {@code workers × batchSize} commands in
     * flight at once, its prefetch. Both are set in application.properties, with the figures behind them.
     */
    interface Commands {

        /** Transactions this instance runs at once, each applying one batch of commands. */
        int workers();

        /**
         * The most commands one transaction applies. A worker takes whatever has arrived, up to this many, so a batch
         * is one command when the queue is quiet and grows only under load.
         */
        int batchSize();

        /**
         * The broker users whose commands billing applies: a command's AMQP {@code user_id}, which the broker refuses
         * unless it names the publishing connection's user, must be one of them. A command from anyone else, or without
         * {@code user_id}, is dead-lettered ({@code unauthorized_sender}) with no effect and no result.
         */
        @WithDefault("billing-commands-sender")
        List<String> allowedSenders();
    }
}
