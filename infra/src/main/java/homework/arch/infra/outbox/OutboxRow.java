package homework.arch.infra.outbox;

import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One claimed outbox row, as the relay publishes it. */
public record OutboxRow(UUID id, long sequence, String aggregateType, String aggregateId, String type, String payload,
        Instant timestamp, String exchange, String routingKey, Map<String, String> headers) {

    static OutboxRow from(Row row) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        row.getJsonObject("headers").forEach(e -> headers.put(e.getKey(), String.valueOf(e.getValue())));
        return new OutboxRow(row.getUUID("id"), row.getLong("sequence"), row.getString("aggregatetype"),
                row.getString("aggregateid"), row.getString("type"), row.getString("payload"),
                row.getOffsetDateTime("timestamp").toInstant(), row.getString("exchange"),
                row.getString("routingkey"), headers);
    }
}
