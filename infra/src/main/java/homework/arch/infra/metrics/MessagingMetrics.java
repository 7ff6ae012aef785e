package homework.arch.infra.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What the consumers of every service count, by consumer (each consumer's stable name, a small fixed set):
 * {@code inbox_duplicates_skipped_total} and {@code messages_dead_lettered_total}. A message the broker dead-letters
 * itself, after a queue's {@code x-delivery-limit}, is not counted here: no consumer sees it go (the dead-letter
 * queue's depth in RabbitMQ's own metrics shows it).
 */
@ApplicationScoped
public class MessagingMetrics {

    private final MeterRegistry registry;

    public MessagingMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** An event the consumer had already applied arrived again and was skipped. */
    public void duplicateSkipped(String consumer) {
        Counter.builder("inbox.duplicates.skipped").description("Events skipped because the consumer had applied them")
                .tag("consumer", consumer)
                .register(registry).increment();
    }

    /** A message the consumer can never process went to the dead-letter queue. */
    public void deadLettered(String consumer) {
        Counter.builder("messages.dead.lettered").description("Messages a consumer sent to the dead-letter queue")
                .tag("consumer", consumer)
                .register(registry).increment();
    }
}
