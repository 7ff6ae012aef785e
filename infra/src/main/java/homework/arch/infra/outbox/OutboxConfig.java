package homework.arch.infra.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The outbox relay of this service. A service that enqueues events sets {@code infra.outbox.enabled=true}; the broker
 * is the service's {@link homework.arch.infra.broker.Broker}.
 */
@ConfigMapping(prefix = "infra.outbox")
public interface OutboxConfig {

    /** Whether this instance runs a relay; every instance of a producing service may (and should) run one. */
    @WithDefault("false")
    boolean enabled();

    /** Rows claimed, published and confirmed per transaction. */
    @WithDefault("200")
    int batchSize();

    /**
     * How long a woken relay waits before it claims: the commits of that moment then leave in one batch, one
     * transaction, instead of a transaction each. Events leave up to this much later; 0 claims at once.
     */
    @WithDefault("20ms")
    Duration linger();

    /**
     * How soon the relay sends what it was not woken for: rows another instance committed (when that instance's own
     * relay has not sent them), or committed while another relay held the table. Each instance's writers wake its
     * own relay after their commits ({@link Outbox#committed}).
     */
    @WithDefault("1s")
    Duration pollInterval();

    /** How long to wait for the broker's confirms of one batch before giving up and retrying it. */
    @WithDefault("10s")
    Duration confirmTimeout();

    /** First pause after a failure (broker or database down); doubles on each further failure. */
    @WithDefault("100ms")
    Duration minBackoff();

    @WithDefault("5s")
    Duration maxBackoff();
}
