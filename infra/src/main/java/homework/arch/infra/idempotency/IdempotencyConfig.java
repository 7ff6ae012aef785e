package homework.arch.infra.idempotency;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the idempotency store ({@code homework.idempotency.*}); a service that uses it enables the purge. */
@ConfigMapping(prefix = "homework.idempotency")
public interface IdempotencyConfig {

    /** How long a completed request's response is replayed. Clients are promised at least 24 hours. */
    @WithDefault("PT24H")
    Duration retention();

    /**
     * How long a claim that was committed while its request is still running (IN_PROGRESS) blocks the key. After
     * that its owner is presumed dead and a retry may take the key over.
     */
    @WithDefault("PT1M")
    Duration inProgressLease();

    /** How often expired records are deleted ({@code off} = never; for services that do not use the store). */
    @WithDefault("off")
    String purgeEvery();

    /** Records deleted per purge statement, so that one run never holds many locks for long. */
    @WithDefault("1000")
    int purgeBatchSize();
}
