package homework.arch.infra.metrics;

import static homework.arch.testsupport.OnVertx.await;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import homework.arch.testsupport.BrokerClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The meters every service gets from infra, in infra's test app against the real PostgreSQL and RabbitMQ: the
 * outbox's backlog, the inbox's duplicates and dead letters (through ConsumerProbe, consumer "infra-tests.probe") and
 * the HTTP server timer's histogram.
 */
@QuarkusTest
class MetricsTest {

    private static final String PROBE_CONSUMER = "infra-tests.probe";

    @Inject
    MeterRegistry registry;

    @Inject
    OutboxBacklog backlog;

    @Inject
    Pool pool;

    @Test
    void theOutboxGaugesCountTheRowsAndAgeTheOldest() {
        await(backlog::sample);
        double before = gauge("outbox.backlog");
        UUID old = UUID.randomUUID();
        UUID fresh = UUID.randomUUID();
        insertOutboxRow(old, "now() - interval '90 seconds'");
        insertOutboxRow(fresh, "now()");
        try {
            await(backlog::sample);

            assertThat(gauge("outbox.backlog")).isEqualTo(before + 2);
            assertThat(gauge("outbox.oldest.age")).isGreaterThanOrEqualTo(90);
        } finally {
            pool.preparedQuery("DELETE FROM outbox_event WHERE id = ANY($1)")
                    .execute(Tuple.of(new UUID[] {old, fresh})).await().atMost(Duration.ofSeconds(10));
        }
        await(backlog::sample);
        assertThat(gauge("outbox.backlog")).isEqualTo(before);
    }

    @Test
    void theInboxCountsEachDuplicateSkippedAndEachMessageDeadLettered() {
        double duplicates = counter("inbox.duplicates.skipped");
        double deadLettered = counter("messages.dead.lettered");
        UUID eventId = UUID.randomUUID();
        String event = "{\"eventId\":\"" + eventId + "\",\"subject\":\"" + UUID.randomUUID() + "\"}";

        try (BrokerClient broker = BrokerClient.connect("infra metrics tests")) {
            broker.publish("infra-tests", "probe", eventId.toString(), "Probed", event);
            broker.publish("infra-tests", "probe", eventId.toString(), "Probed", event);
            broker.publish("infra-tests", "probe", UUID.randomUUID().toString(), "Probed", "{\"eventId\":");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(counter("inbox.duplicates.skipped")).isEqualTo(duplicates + 1);
                assertThat(counter("messages.dead.lettered")).isEqualTo(deadLettered + 1);
            });
        }
    }

    @Test
    void httpRequestsAreTimedWithHistogramBucketsAndNoPortTag() {
        given().get("/correlation-probe/seen").then().statusCode(200);

        Timer timer = registry.find("http.server.requests").tag("uri", "/correlation-probe/seen").timer();
        assertThat(timer).isNotNull();
        assertThat(timer.getId().getTag("server.port")).isNull();
        assertThat(timer.takeSnapshot().histogramCounts()).hasSizeGreaterThan(10);
    }

    private void insertOutboxRow(UUID id, String timestamp) {
        pool.preparedQuery("""
                INSERT INTO outbox_event (id, aggregatetype, aggregateid, type, payload, exchange, routingkey, timestamp)
                VALUES ($1, 'metrics-test', $2, 'Nothing', '{}', 'outbox-test', 'nothing', %s)
                """.formatted(timestamp)).execute(Tuple.of(id, id.toString())).await().atMost(Duration.ofSeconds(10));
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    private double counter(String name) {
        var counter = registry.find(name).tag("consumer", PROBE_CONSUMER).counter();
        return counter == null ? 0 : counter.count();
    }
}
