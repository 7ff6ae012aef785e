package homework.arch.infra.outbox;

import static homework.arch.infra.outbox.OutboxTesting.EXCHANGE;
import static homework.arch.infra.outbox.OutboxTesting.enqueue;
import static homework.arch.infra.outbox.OutboxTesting.numbered;
import static homework.arch.infra.outbox.OutboxTesting.payload;
import static homework.arch.infra.outbox.OutboxTesting.rowsLeft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import homework.arch.infra.correlation.CorrelationId;
import homework.arch.infra.outbox.OutboxTesting.Numbered;
import homework.arch.infra.tracing.MessageTracing;
import homework.arch.testsupport.BrokerClient;
import homework.arch.testsupport.OnVertx;
import homework.arch.testsupport.TcpProxy;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The relay against the real PostgreSQL and RabbitMQ. Each test drives relays of its own (the test app runs none:
 * it publishes nothing), so it decides exactly when rows are claimed.
 */
@QuarkusTest
class OutboxRelayTest {

    private static BrokerClient broker;

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelayService relays;

    @Inject
    Pool pool;

    @Inject
    MessageTracing tracing;

    @Inject
    Vertx vertx;

    @Inject
    ObjectMapper mapper;

    @BeforeAll
    static void connect() {
        broker = BrokerClient.connect("infra tests");
    }

    @AfterAll
    static void disconnect() {
        broker.close();
    }

    @Test
    void anEventIsPublishedPersistentWithItsIdTypeAndCorrelationIdAndThenDeleted() throws Exception {
        BrokerClient.Listener listener = broker.listen(EXCHANGE, "numbered.#");
        String aggregate = UUID.randomUUID().toString();
        OutboxMessage event = new OutboxMessage(UUID.randomUUID(), "test-aggregate", aggregate, "Numbered", EXCHANGE,
                "numbered." + aggregate, new Numbered(aggregate, 1), Map.of("x-tenant", "acme"));

        enqueue(outbox, "request-77", event);
        drainWithAFreshRelay();

        Delivery delivery = nextOf(listener, List.of(event.eventId())).get(0);
        assertThat(delivery.getProperties().getMessageId()).isEqualTo(event.eventId().toString());
        assertThat(delivery.getProperties().getType()).isEqualTo("Numbered");
        assertThat(delivery.getProperties().getContentType()).isEqualTo("application/json");
        assertThat(delivery.getProperties().getDeliveryMode()).isEqualTo(2);
        assertThat(delivery.getProperties().getCorrelationId()).isEqualTo("request-77");
        assertThat(delivery.getProperties().getTimestamp()).isNotNull();
        assertThat(BrokerClient.headers(delivery)).hasEntrySatisfying(CorrelationId.MESSAGE_HEADER,
                v -> assertThat(v.toString()).isEqualTo("request-77"));
        assertThat(BrokerClient.headers(delivery)).hasEntrySatisfying("x-tenant",
                v -> assertThat(v.toString()).isEqualTo("acme"));
        assertThat(delivery.getEnvelope().getRoutingKey()).isEqualTo("numbered." + aggregate);
        assertThat(mapper.readTree(delivery.getBody()))
                .isEqualTo(mapper.readTree("{\"aggregate\":\"" + aggregate + "\",\"n\":1}"));
        assertThat(rowsLeft(pool, List.of(event.eventId()))).isZero();
    }

    @Test
    void anEntryWrittenByAStatementOfTheCallersOwnIsTheRowEnqueueWritesAndIsPublishedAlike() {
        BrokerClient.Listener listener = broker.listen(EXCHANGE, "numbered.#");
        String aggregate = UUID.randomUUID().toString();
        List<OutboxMessage> twins = List.of(UUID.randomUUID(), UUID.randomUUID()).stream()
                .map(id -> new OutboxMessage(id, "test-aggregate", aggregate, "Numbered", EXCHANGE,
                        "numbered." + aggregate, new Numbered(aggregate, 1), Map.of("x-tenant", "acme")))
                .toList();

        enqueue(outbox, "request-79", twins.get(0));
        OutboxEntry entry = OnVertx.await(() -> {
            CorrelationId.adopt("request-79");
            return Uni.createFrom().item(outbox.entryOf(twins.get(1)));
        });
        // inside another statement, and only for the rows it yields, as a conditional business change would
        OnVertx.await(() -> pool.preparedQuery("WITH change AS (SELECT 1) INSERT INTO outbox_event ("
                + OutboxEntry.COLUMNS + ") SELECT " + OutboxEntry.values(1) + " FROM change")
                .execute(entry.addTo(Tuple.tuple())));

        List<List<Object>> rows = new ArrayList<>();
        OnVertx.await(() -> pool.preparedQuery("""
                SELECT aggregatetype, aggregateid, type, payload::text, exchange, routingkey, headers::text
                FROM outbox_event WHERE id = ANY($1) ORDER BY sequence""")
                .execute(Tuple.of(twins.stream().map(OutboxMessage::eventId).toArray(UUID[]::new))))
                .forEach(row -> rows.add(IntStream.range(0, row.size()).mapToObj(row::getValue).toList()));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1)).isEqualTo(rows.get(0));
        assertThat(rows.get(1).get(6).toString()).contains("request-79").contains("acme");

        drainWithAFreshRelay();
        List<Delivery> both = nextOf(listener, twins.stream().map(OutboxMessage::eventId).toList());
        assertThat(both.get(1).getBody()).isEqualTo(both.get(0).getBody());
        assertThat(both.get(1).getProperties().getCorrelationId()).isEqualTo("request-79");
        // the same headers (the trace context each one's own publish span's)
        assertThat(BrokerClient.headers(both.get(1)).keySet()).isEqualTo(BrokerClient.headers(both.get(0)).keySet());
    }

    @Test
    void aReplyGoesToTheReplyToQueueThroughTheDefaultExchangeWithTheCallersCorrelationId() {
        BrokerClient.Listener replyQueue = broker.listen("", null);
        OutboxMessage reply = OutboxMessage.reply(UUID.randomUUID(), "operation", "op-1", "BillingOperationResult",
                replyQueue.queue(), "caller's own id #1", Map.of("status", "SUCCEEDED"));

        enqueue(outbox, "request-78", reply);
        drainWithAFreshRelay();

        Delivery delivery = nextOf(replyQueue, List.of(reply.eventId())).get(0);
        assertThat(delivery.getProperties().getCorrelationId()).isEqualTo("caller's own id #1");
        assertThat(delivery.getEnvelope().getExchange()).isEmpty();
    }

    @Test
    void withoutACorrelationIdOneIsMadeUpAndShared() {
        BrokerClient.Listener listener = broker.listen(EXCHANGE, "numbered.#");
        String aggregate = UUID.randomUUID().toString();
        OutboxMessage first = numbered(aggregate, 1);
        OutboxMessage second = numbered(aggregate, 2);

        enqueue(outbox, null, first, second);
        drainWithAFreshRelay();

        List<Delivery> both = nextOf(listener, List.of(first.eventId(), second.eventId()));
        assertThat(both.get(0).getProperties().getCorrelationId()).isNotBlank()
                .isEqualTo(both.get(1).getProperties().getCorrelationId());
    }

    @Test
    void anEventExistsOnlyIfItsTransactionCommits() {
        OutboxMessage rolledBack = numbered(UUID.randomUUID().toString(), 1);

        assertThatThrownBy(() -> OnVertx.await(() -> Panache.withTransaction(() -> outbox.enqueue(rolledBack)
                .chain(() -> Uni.createFrom().failure(new IllegalStateException("business rule failed"))))))
                .hasMessageContaining("business rule failed");
        assertThatThrownBy(() -> OnVertx.await(() -> outbox.enqueue(numbered("no-transaction", 1))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside a transaction");

        assertThat(rowsLeft(pool, List.of(rolledBack.eventId()))).isZero();
    }

    @Test
    void relaysRunningAtOnceSendEachEventOnceAndEachAggregatesEventsInOrder() {
        BrokerClient.Listener listener = broker.listen(EXCHANGE, "numbered.#");
        int aggregates = 25;
        int eventsEach = 12;
        String run = UUID.randomUUID().toString();
        List<UUID> ids = new ArrayList<>();
        for (int n = 1; n <= eventsEach; n++) {
            List<OutboxMessage> round = new ArrayList<>();
            for (int a = 0; a < aggregates; a++) {
                round.add(numbered(run + "-" + a, n));
            }
            round.forEach(m -> ids.add(m.eventId()));
            enqueue(outbox, null, round.toArray(OutboxMessage[]::new));
        }
        // small batches and a short poll, so that the relays keep running into each other's batches
        OutboxConfig contended = config(7, Duration.ofMillis(20));
        List<OutboxRelay> running = List.of(relay(contended, relays.broker()),
                relay(contended, relays.broker()), relay(contended, relays.broker()));

        running.forEach(OutboxRelay::start);
        try {
            List<Delivery> received = nextOf(listener, ids);

            Map<String, List<Integer>> byAggregate = new HashMap<>();
            for (Delivery delivery : received) {
                Numbered event = payload(mapper, delivery);
                byAggregate.computeIfAbsent(event.aggregate(), k -> new ArrayList<>()).add(event.n());
            }
            assertThat(byAggregate).hasSize(aggregates);
            List<Integer> inOrder = IntStream.rangeClosed(1, eventsEach).boxed().toList();
            byAggregate.values().forEach(sequence -> assertThat(sequence).containsExactlyElementsOf(inOrder));
        } finally {
            running.forEach(r -> r.stop().await().indefinitely());
        }
    }

    @Test
    void aBrokerOutageDelaysEventsButLosesNone() {
        BrokerClient.Listener listener = broker.listen(EXCHANGE, "numbered.#");
        ConnectionFactory viaProxy = relays.broker();
        try (TcpProxy proxy = new TcpProxy(viaProxy.getHost(), viaProxy.getPort())) {
            viaProxy.setHost("127.0.0.1");
            viaProxy.setPort(proxy.port());
            OutboxRelay relay = relay(config(50, Duration.ofHours(1)), viaProxy);
            OutboxMessage before = numbered(UUID.randomUUID().toString(), 1);
            enqueue(outbox, null, before);
            drain(relay);
            nextOf(listener, List.of(before.eventId()));

            proxy.cut();
            String aggregate = UUID.randomUUID().toString();
            List<UUID> during = new ArrayList<>();
            for (int n = 1; n <= 20; n++) {
                OutboxMessage event = numbered(aggregate, n);
                during.add(event.eventId());
                enqueue(outbox, null, event);
            }
            assertThatThrownBy(() -> relay.relayBatch().await().atMost(Duration.ofSeconds(30)));
            assertThat(rowsLeft(pool, during)).as("nothing is deleted without the broker's confirm").isEqualTo(20);

            proxy.restore();
            drain(relay);

            List<Integer> received = nextOf(listener, during).stream().map(d -> payload(mapper, d).n()).toList();
            assertThat(received).containsExactlyElementsOf(IntStream.rangeClosed(1, 20).boxed()
                    .toList());
            assertThat(rowsLeft(pool, during)).isZero();
            relay.stop().await().indefinitely();
        }
    }

    /**
     * Statistics taken while the outbox was empty, and plans a connection cached while an idle relay polled it, must
     * not make a claim read the backlog: neither once per claimed row (a backlog would drain ever slower as it grew)
     * nor once per claim (1.24 s per claim behind a million rows). It reads the rows it claims.
     */
    @Test
    void aClaimReadsOnlyTheRowsItClaimsWhateverWasPlannedForTheEmptyOutbox() {
        drainWithAFreshRelay();
        OnVertx.await(() -> pool.query("ANALYZE outbox_event").execute());
        SqlConnection connection = OnVertx.await(() -> pool.getConnection());
        try {
            for (int poll = 0; poll < 10; poll++) {
                OnVertx.await(() -> inTransaction(connection, () -> OutboxTable.take(connection, 200)));
            }
            // A backlog as a long broker outage leaves, written in one statement: the enqueue path is not under test.
            OnVertx.await(() -> pool.query("""
                    INSERT INTO outbox_event (id, aggregatetype, aggregateid, type, payload, exchange, routingkey)
                    SELECT gen_random_uuid(), 'Backlog', (n % 50000)::text, 'Numbered',
                           jsonb_build_object('aggregate', (n % 50000)::text, 'n', n), 'outbox-test', 'backlog'
                    FROM generate_series(1, 100000) AS n""").execute());

            Row read = OnVertx.await(() -> inTransaction(connection, () -> OutboxTable.take(connection, 200)
                    .chain(claimed -> connection.query("SELECT seq_tup_read + idx_tup_fetch AS tuples"
                            + " FROM pg_stat_xact_user_tables WHERE relname = 'outbox_event'").execute())
                    .map(rows -> rows.iterator().next())));

            assertThat(read.getLong("tuples")).isLessThanOrEqualTo(2L * 200);
        } finally {
            connection.closeAndForget();
            OnVertx.await(() -> pool.query("DELETE FROM outbox_event WHERE aggregatetype = 'Backlog'").execute());
        }
        drainWithAFreshRelay();
    }

    @Test
    void whileOneRelayIsInTheMiddleOfABatchAnotherClaimsNothingAndTakesOverWhenItEnds() {
        drainWithAFreshRelay();
        BrokerClient.Listener listener = broker.listen(EXCHANGE, "numbered.#");
        OutboxMessage event = numbered(UUID.randomUUID().toString(), 1);
        enqueue(outbox, null, event);
        OutboxRelay other = relay(config(50, Duration.ofHours(1)), relays.broker());
        SqlConnection busy = OnVertx.await(() -> pool.getConnection());
        try {
            Transaction batch = OnVertx.await(busy::begin);
            assertThat(OnVertx.await(() -> OutboxTable.take(busy, 50))).extracting(OutboxRow::id)
                    .containsExactly(event.eventId());

            assertThat(other.relayBatch().await().atMost(Duration.ofSeconds(30))).isZero();

            OnVertx.await(batch::rollback); // that relay failed before the broker confirmed
            assertThat(other.relayBatch().await().atMost(Duration.ofSeconds(30))).isEqualTo(1);
            nextOf(listener, List.of(event.eventId()));
            assertThat(rowsLeft(pool, List.of(event.eventId()))).isZero();
        } finally {
            busy.closeAndForget();
            other.stop().await().indefinitely();
        }
    }

    private static <T> Uni<T> inTransaction(SqlConnection connection, Supplier<Uni<T>> work) {
        return connection.begin().chain(transaction -> work.get().call(transaction::commit));
    }

    private void drainWithAFreshRelay() {
        OutboxRelay relay = relays.newRelay(relays.broker());
        try {
            drain(relay);
        } finally {
            relay.stop().await().indefinitely();
        }
    }

    /** Runs batches until none is left, as the relay's loop does, but on the test's thread. */
    private static void drain(OutboxRelay relay) {
        while (relay.relayBatch().await().atMost(Duration.ofSeconds(30)) > 0) {
            // next batch
        }
    }

    /**
     * Waits until each of {@code ids} has arrived and returns them in arrival order; fails if one arrived twice.
     * Other messages (other tests' events) are skipped.
     */
    private static List<Delivery> nextOf(BrokerClient.Listener listener, List<UUID> ids) {
        Map<String, Delivery> wanted = new ConcurrentHashMap<>();
        List<Delivery> inArrivalOrder = new ArrayList<>();
        Set<String> expected = new HashSet<>(ids.stream().map(UUID::toString).toList());
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Delivery delivery;
            while ((delivery = listener.received().poll()) != null) {
                String id = delivery.getProperties().getMessageId();
                if (expected.contains(id)) {
                    assertThat(wanted.put(id, delivery)).as("event " + id + " sent twice").isNull();
                    inArrivalOrder.add(delivery);
                }
            }
            return wanted.size() == expected.size();
        });
        return inArrivalOrder;
    }

    private OutboxRelay relay(OutboxConfig config, ConnectionFactory broker) {
        return new OutboxRelay(pool, vertx, new OutboxPublisher(vertx, broker, config.confirmTimeout(), "test", tracing),
                config, sent -> { });
    }

    private static OutboxConfig config(int batchSize, Duration pollInterval) {
        return new OutboxConfig() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public int batchSize() {
                return batchSize;
            }

            @Override
            public Duration linger() {
                return Duration.ZERO;
            }

            @Override
            public Duration pollInterval() {
                return pollInterval;
            }

            @Override
            public Duration confirmTimeout() {
                return Duration.ofSeconds(5);
            }

            @Override
            public Duration minBackoff() {
                return Duration.ofMillis(20);
            }

            @Override
            public Duration maxBackoff() {
                return Duration.ofMillis(200);
            }
        };
    }
}
