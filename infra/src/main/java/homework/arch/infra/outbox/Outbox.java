package homework.arch.infra.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import homework.arch.infra.correlation.CorrelationId;
import homework.arch.infra.json.StrictJson;
import homework.arch.infra.tracing.MessageTracing;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Writes events to the outbox table inside the caller's Hibernate Reactive transaction, so an event exists exactly
 * when the business change that caused it committed. The relay publishes the rows afterwards. A caller on the plain
 * SQL client writes the row of {@link #entryOf} in its own statement instead.
 */
@ApplicationScoped
public class Outbox {

    // Many events in one statement, in the list's order (payload and headers are JSON values in the rows).
    private static final String INSERT = """
            INSERT INTO outbox_event (id, aggregatetype, aggregateid, type, payload, exchange, routingkey, headers)
            SELECT id, aggregatetype, aggregateid, type, payload, exchange, routingkey, headers
            FROM jsonb_to_recordset(cast(cast(?1 AS text) AS jsonb)) AS e (id uuid, aggregatetype text,
                aggregateid text, type text, payload jsonb, exchange text, routingkey text, headers jsonb)
            """;

    private static final Logger LOG = Logger.getLogger(Outbox.class);

    private final ObjectMapper mapper;
    private final OutboxConfig config;
    private final MessageTracing tracing;
    private final OutboxRelayService relays;
    private final AtomicBoolean warnedDisabled = new AtomicBoolean();

    public Outbox(ObjectMapper mapper, OutboxConfig config, MessageTracing tracing, OutboxRelayService relays) {
        this.mapper = mapper;
        this.config = config;
        this.tracing = tracing;
        this.relays = relays;
    }

    /**
     * Call once the transaction (or the statement) that wrote events has committed: this instance's relay sends them
     * now rather than at its next poll. Cheap; calling it after a rollback or for nothing written does no harm.
     */
    public void committed() {
        relays.wake();
    }

    /** Must run inside {@code @WithTransaction} / {@code Panache.withTransaction}; fails otherwise. */
    public Uni<Void> enqueue(OutboxMessage message) {
        return enqueueAll(List.of(message));
    }

    /** {@link #enqueue} for many events at once (one round trip, for batches), in their order. */
    public Uni<Void> enqueueAll(List<OutboxMessage> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (OutboxMessage message : messages) {
            Map<String, Object> row = new HashMap<>();
            row.put("id", message.eventId());
            row.put("aggregatetype", message.aggregateType());
            row.put("aggregateid", message.aggregateId());
            row.put("type", message.eventType());
            row.put("payload", message.payload());
            row.put("exchange", message.exchange());
            row.put("routingkey", message.routingKey());
            row.put("headers", headersOf(message));
            rows.add(row);
        }
        String json = StrictJson.write(mapper, rows);
        return session().chain(session -> session.createNativeQuery(INSERT).setParameter(1, json).executeUpdate())
                .replaceWithVoid();
    }

    /**
     * The outbox row of {@code message} for a statement of the caller's own on the plain SQL client, which must write
     * it in the same transaction (or the same autocommit statement) as the business change. The headers are those
     * {@link #enqueue} would write: call it where the request's correlation id and trace context are current.
     */
    public OutboxEntry entryOf(OutboxMessage message) {
        warnIfNoRelay();
        return new OutboxEntry(message.eventId(), message.aggregateType(), message.aggregateId(),
                message.eventType(), StrictJson.write(mapper, message.payload()), message.exchange(),
                message.routingKey(), StrictJson.write(mapper, headersOf(message)));
    }

    private void warnIfNoRelay() {
        if (!config.enabled() && warnedDisabled.compareAndSet(false, true)) {
            LOG.warn("Events are enqueued but this instance runs no outbox relay; set infra.outbox.enabled=true");
        }
    }

    private Uni<Mutiny.Session> session() {
        warnIfNoRelay();
        return Uni.createFrom().deferred(Panache::currentTransaction)
                .onFailure().recoverWithNull() // not even a session
                .onItem().ifNull().failWith(() -> new IllegalStateException(
                        "Outbox.enqueue must run inside a transaction, or the event could outlive a rollback"))
                .chain(tx -> Panache.getSession());
    }

    /**
     * The row's headers: the message's own, the correlation id and the context of the trace that wrote the row (the
     * relay's publish span continues it), unless the message brings a trace context of its own.
     */
    private Map<String, String> headersOf(OutboxMessage message) {
        Map<String, String> headers = new HashMap<>(message.headers());
        headers.computeIfAbsent(CorrelationId.MESSAGE_HEADER, k -> CorrelationId.currentOrNew());
        if (!headers.containsKey(MessageTracing.TRACEPARENT)) {
            tracing.currentHeaders().forEach(headers::putIfAbsent);
        }
        return headers;
    }

}
