package homework.arch.infra.correlation;

import homework.arch.infra.broker.Delivery;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.MDC;

/**
 * The id that ties together the logs of one request or message across services: the trace id of the request, or an
 * id the client chose and sent as {@code X-Correlation-Id} (kept, echoed and passed on as before tracing, so that
 * clients relying on it keep working). It lives in the logging MDC, which Quarkus keeps in the Vert.x duplicated
 * context, so it follows a request or a message through its whole reactive pipeline; infra's log format prints it
 * next to the trace and span ids.
 */
public final class CorrelationId {

    public static final String HTTP_HEADER = "X-Correlation-Id";
    /** AMQP header carrying the id; the relay also sets it as the AMQP {@code correlation_id} property. */
    public static final String MESSAGE_HEADER = "x-correlation-id";
    public static final String MDC_KEY = "correlationId";

    /** Anything else from outside (too long, control characters, log-injection attempts) is replaced. */
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    private CorrelationId() {
    }

    public static Optional<String> current() {
        Object value = MDC.get(MDC_KEY);
        return value == null ? Optional.empty() : Optional.of(value.toString());
    }

    /**
     * Makes {@code candidate} (from a header, may be null) the current id; if it is unusable, the current trace's id
     * (a fresh id outside any trace).
     */
    public static String adopt(String candidate) {
        String id = candidate != null && ACCEPTED.matcher(candidate).matches() ? candidate : ofCurrentTrace();
        MDC.put(MDC_KEY, id);
        return id;
    }

    /**
     * Makes the correlation id of an incoming RabbitMQ message current: its {@value #MESSAGE_HEADER} header, else its
     * AMQP {@code correlation_id} property, else a new one.
     */
    public static String adoptFrom(Message<?> message) {
        Optional<IncomingRabbitMQMetadata> metadata = message.getMetadata(IncomingRabbitMQMetadata.class);
        return adopt(metadata.flatMap(m -> Optional.ofNullable(m.getHeaders().get(MESSAGE_HEADER)))
                .map(Object::toString)
                .or(() -> metadata.flatMap(IncomingRabbitMQMetadata::getCorrelationId))
                .orElse(null));
    }

    /** As {@link #adoptFrom(Message)}, for a delivery of infra's own consumers. */
    public static String adoptFrom(Delivery delivery) {
        return adopt(delivery.header(MESSAGE_HEADER).or(delivery::correlationId).orElse(null));
    }

    public static String currentOrNew() {
        return current().orElseGet(() -> adopt(null));
    }

    /** The id of the current trace, or a fresh one where no trace is going on. */
    public static String ofCurrentTrace() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? span.getTraceId() : UUID.randomUUID().toString();
    }
}
