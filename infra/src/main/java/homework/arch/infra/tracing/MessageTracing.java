package homework.arch.infra.tracing;

import homework.arch.infra.broker.Delivery;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Carries traces across the broker. The outbox stores the W3C {@code traceparent}/{@code tracestate} (and
 * {@code baggage}) of the transaction that wrote an event with its row; the relay publishes each row in a producer
 * span that is a child of that context and sends the producer span's context as message headers; a consumer
 * continues from there. Quarkus instruments HTTP, REST clients, the SQL clients and the connector's channels; the
 * relay's own client and the consumers' processing are what this class adds.
 */
@ApplicationScoped
public class MessageTracing {

    /** The W3C header that carries a trace context. */
    public static final String TRACEPARENT = "traceparent";

    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> ROUTING_KEY =
            AttributeKey.stringKey("messaging.rabbitmq.destination.routing_key");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<String> CONSUMER = AttributeKey.stringKey("messaging.consumer.group.name");

    private static final TextMapGetter<Map<String, ?>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, ?> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, ?> carrier, String key) {
            Object value = carrier == null ? null : carrier.get(key);
            return value == null ? null : value.toString();
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    public MessageTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("homework.arch.infra");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** The current trace context as message headers ({@code traceparent}, {@code tracestate}, {@code baggage}). */
    public Map<String, String> currentHeaders() {
        return headersOf(Context.current());
    }

    /** The trace context that {@code headers} (of a message or an outbox row) carry; the root context if none. */
    public Context contextOf(Map<String, ?> headers) {
        return propagator.extract(Context.root(), headers, HEADERS);
    }

    /**
     * Starts the producer span of one outbox row, a child of the context stored with the row, and returns it with
     * the headers to send (the row's, with the producer span's context instead of the stored one).
     */
    public Publishing startPublish(String exchange, String routingKey, String messageId, Map<String, String> headers) {
        String destination = exchange.isEmpty() ? "(default)" : exchange;
        Span span = tracer.spanBuilder(destination + " publish")
                .setParent(contextOf(headers))
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute(SYSTEM, "rabbitmq")
                .setAttribute(OPERATION, "publish")
                .setAttribute(DESTINATION, destination)
                .setAttribute(ROUTING_KEY, routingKey)
                .setAttribute(MESSAGE_ID, messageId)
                .startSpan();
        Map<String, String> sent = new HashMap<>(headers);
        sent.putAll(headersOf(Context.root().with(span)));
        return new Publishing(span, sent);
    }

    /** Starts the span in which {@code consumer} processes {@code delivery}, in the context it arrived in. */
    public Span startProcess(Delivery delivery, String consumer) {
        return tracer.spanBuilder(consumer + " process")
                .setParent(contextOf(delivery.headers()))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(SYSTEM, "rabbitmq")
                .setAttribute(OPERATION, "process")
                .setAttribute(CONSUMER, consumer)
                .setAttribute(DESTINATION, delivery.exchange())
                .setAttribute(MESSAGE_ID, delivery.messageId().orElse(""))
                .startSpan();
    }

    /**
     * The trace context {@code message} arrived in: the connector's receive span when the connector traced the
     * delivery, else the context in the message's headers, else none (the root context).
     */
    public Context contextOf(Message<?> message) {
        return message.getMetadata(TracingMetadata.class)
                .map(TracingMetadata::getCurrentContext)
                .filter(context -> Span.fromContext(context).getSpanContext().isValid())
                .orElseGet(() -> contextOf(message.getMetadata(IncomingRabbitMQMetadata.class)
                        .map(IncomingRabbitMQMetadata::getHeaders).orElse(Map.of())));
    }

    /** {@code context} as message headers ({@code traceparent}, {@code tracestate}, {@code baggage}). */
    public Map<String, String> headersOf(Context context) {
        Map<String, String> headers = new HashMap<>();
        propagator.inject(context, headers, Map::put);
        return headers;
    }

    /** A row being published: its producer span (ended by the relay once the broker confirmed) and its headers. */
    public record Publishing(Span span, Map<String, String> headers) {
    }
}
