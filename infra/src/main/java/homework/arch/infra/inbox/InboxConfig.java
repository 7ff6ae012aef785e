package homework.arch.infra.inbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How long a consumer keeps retrying a message whose transaction or statement failed (database down, conflict) before
 * handing it back to the broker; the queue's {@code x-delivery-limit} then bounds the redeliveries before it is
 * dead-lettered. And how a consumer that applies events in batches ({@link InboxReceiver#inBatches}) fills them.
 */
@ConfigMapping(prefix = "infra.inbox")
public interface InboxConfig {

    @WithDefault("5")
    int retries();

    @WithDefault("200ms")
    Duration minBackoff();

    @WithDefault("5s")
    Duration maxBackoff();

    /** The most events in one batch; a full batch is applied at once. */
    @WithDefault("32")
    int batchSize();

    /**
     * How long a batch waits for more events after its first before it is applied: each event waits at most this
     * long, and under load one statement and one commit serve many events.
     */
    @WithDefault("10ms")
    Duration batchLinger();
}
