package homework.arch.infra.outbox;

import io.vertx.mutiny.sqlclient.Tuple;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * One outbox row as a statement of the caller's own writes it with the plain reactive SQL client, e.g. in the same
 * statement as the business change and only if that change happened:
 * <pre>
 * WITH settled AS (UPDATE ... RETURNING ...)
 * INSERT INTO outbox_event (COLUMNS) SELECT values(n) FROM settled
 * </pre>
 * {@link Outbox#entryOf} makes it, with the correlation id and trace context {@link Outbox#enqueue} would add, so a
 * row written either way is the same row and is published the same way.
 *
 * @param payload the event as JSON text
 * @param headers the AMQP headers as a JSON object's text
 */
public record OutboxEntry(UUID id, String aggregateType, String aggregateId, String type, String payload,
        String exchange, String routingKey, String headers) {

    /** The columns {@link #values} gives, in its order. */
    public static final String COLUMNS = "id, aggregatetype, aggregateid, type, payload, exchange, routingkey, headers";
    /** How many parameters {@link #values} takes. */
    public static final int PARAMETERS = 8;

    // In an INSERT ... SELECT PostgreSQL would take untyped parameters for text. The JSON goes as text and is cast:
    // the client would send a Java string bound to a jsonb parameter as a JSON string.
    private static final String VALUES = "cast($%d AS uuid), cast($%d AS varchar), cast($%d AS varchar), "
            + "cast($%d AS varchar), cast(cast($%d AS text) AS jsonb), cast($%d AS varchar), cast($%d AS varchar), "
            + "cast(cast($%d AS text) AS jsonb)";

    /** The row's values as parameters {@code $first} to {@code $(first + 7)}, each cast to its column's type. */
    public static String values(int first) {
        return VALUES.formatted(IntStream.range(first, first + PARAMETERS).boxed().toArray());
    }

    /** Adds the row's values to a statement's parameters, in {@link #COLUMNS}' order. */
    public Tuple addTo(Tuple parameters) {
        return parameters.addUUID(id).addString(aggregateType).addString(aggregateId).addString(type)
                .addString(payload).addString(exchange).addString(routingKey).addString(headers);
    }
}
