package homework.arch.infra.inbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How long a consumer keeps retrying a message whose transaction failed (database down, conflict) before handing it
 * back to the broker; the queue's {@code x-delivery-limit} then bounds the redeliveries before it is dead-lettered.
 */
@ConfigMapping(prefix = "infra.inbox")
public interface InboxConfig {

    @WithDefault("5")
    int retries();

    @WithDefault("200ms")
    Duration minBackoff();

    @WithDefault("5s")
    Duration maxBackoff();
}
