package homework.arch.infra.broker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The queues this service consumes, each by the channel name of its {@link QueueHandler}. Every queue is a durable
 * quorum queue with a quorum dead-letter queue {@code <queue>.dlq}, bound to the direct exchange {@code DLX} with the
 * queue's name as routing key: a poison message is dead-lettered at once, one whose handling keeps failing is requeued
 * and dead-lettered by the broker after {@code delivery-limit} deliveries, so nothing blocks a queue.
 */
@ConfigMapping(prefix = "infra.consumer")
public interface ConsumerConfig {

    /** How soon a consumer tries again after its connection or its queue failed; it never gives up. */
    @WithDefault("2s")
    Duration reconnectInterval();

    /**
     * How long settled deliveries wait to be acknowledged together: one frame (and one hand-off to a worker thread)
     * then acknowledges all that were settled in that while. An ack that never leaves (a crash) only redelivers
     * messages, which the consumers' inboxes skip.
     */
    @WithDefault("5ms")
    Duration ackLinger();

    Map<String, Channel> channels();

    interface Channel {

        String queue();

        /** The exchange the queue is bound to. */
        String exchange();

        @WithDefault("topic")
        String exchangeType();

        /**
         * Whether this service declares the exchange; not where another service owns it and the broker lets this one
         * only bind to it (production: helm-chart/files/broker.json declares it).
         */
        @WithDefault("true")
        boolean declareExchange();

        List<String> routingKeys();

        /**
         * Deliveries in hand at once (the channel's prefetch), unless the handler states its own
         * ({@link QueueHandler#prefetch}): the handler runs for all of them concurrently.
         */
        @WithDefault("32")
        int prefetch();

        /** The queue's {@code x-delivery-limit}. */
        @WithDefault("10")
        int deliveryLimit();
    }
}
