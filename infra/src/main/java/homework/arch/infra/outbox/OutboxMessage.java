package homework.arch.infra.outbox;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One event to publish, written to the outbox in the caller's transaction. The payload is the producer's own event
 * record (serialised with the application's ObjectMapper); {@code eventId} becomes the AMQP {@code message_id}, so
 * consumers can deduplicate. Events of the same aggregate are published in the order they were enqueued.
 *
 * @param exchange   a topic exchange (declared durable by the relay before its first use), or {@code ""} for the
 *                   default exchange, where the routing key is a queue name (e.g. a command's {@code reply_to})
 * @param headers    extra AMQP headers; the current correlation id is added unless one is given under
 *                   {@link homework.arch.infra.correlation.CorrelationId#MESSAGE_HEADER}
 */
public record OutboxMessage(UUID eventId, String aggregateType, String aggregateId, String eventType, String exchange,
        String routingKey, Object payload, Map<String, String> headers) {

    public OutboxMessage {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(aggregateType, "aggregateType");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(routingKey, "routingKey");
        Objects.requireNonNull(payload, "payload");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** An event for a topic exchange, without extra headers. */
    public static OutboxMessage event(UUID eventId, String aggregateType, String aggregateId, String eventType,
            String exchange, String routingKey, Object payload) {
        return new OutboxMessage(eventId, aggregateType, aggregateId, eventType, exchange, routingKey, payload,
                Map.of());
    }

    /**
     * A direct reply to a queue through the default exchange (RabbitMQ's {@code reply_to} pattern); the given
     * correlation id becomes the AMQP {@code correlation_id} of the reply.
     */
    public static OutboxMessage reply(UUID eventId, String aggregateType, String aggregateId, String eventType,
            String replyTo, String correlationId, Object payload) {
        Map<String, String> headers = correlationId == null ? Map.of()
                : Map.of(homework.arch.infra.correlation.CorrelationId.MESSAGE_HEADER, correlationId);
        return new OutboxMessage(eventId, aggregateType, aggregateId, eventType, "", replyTo, payload, headers);
    }
}
