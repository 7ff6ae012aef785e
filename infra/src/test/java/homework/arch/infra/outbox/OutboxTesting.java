package homework.arch.infra.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Delivery;
import homework.arch.infra.correlation.CorrelationId;
import homework.arch.testsupport.OnVertx;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Enqueues test events the way producers do, and looks at the outbox table. */
public final class OutboxTesting {

    static final String EXCHANGE = "outbox-test";

    /** The payload of test events: which aggregate, and its n-th event. */
    record Numbered(String aggregate, int n) {
    }

    private OutboxTesting() {
    }

    static OutboxMessage numbered(String aggregate, int n) {
        return OutboxMessage.event(UUID.randomUUID(), "test-aggregate", aggregate, "Numbered", EXCHANGE,
                "numbered." + aggregate, new Numbered(aggregate, n));
    }

    /** All messages in one transaction, on a fresh Vert.x context as a request would have. */
    static void enqueue(Outbox outbox, String correlationId, OutboxMessage... messages) {
        OnVertx.await(() -> {
            if (correlationId != null) {
                CorrelationId.adopt(correlationId);
            }
            return Panache.withTransaction(() -> {
                Uni<Void> all = Uni.createFrom().voidItem();
                for (OutboxMessage message : messages) {
                    all = all.chain(() -> outbox.enqueue(message));
                }
                return all;
            }).invoke(outbox::committed);
        });
    }

    static long rowsLeft(Pool pool, List<UUID> ids) {
        return pool.preparedQuery("SELECT count(*) FROM outbox_event WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> rows.iterator().next().getLong(0))
                .await().atMost(Duration.ofSeconds(10));
    }

    static Numbered payload(ObjectMapper mapper, Delivery delivery) {
        try {
            JsonNode json = mapper.readTree(delivery.getBody());
            return new Numbered(json.get("aggregate").asText(), json.get("n").asInt());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
