package homework.arch.notification.messaging;

import static homework.arch.notification.Events.ORDERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import homework.arch.infra.inbox.InboxBatch;
import homework.arch.notification.Events;
import homework.arch.notification.Notification;
import homework.arch.notification.repository.LetterRepository.Written;
import homework.arch.notification.service.NotificationService;
import homework.arch.testsupport.BrokerClient;
import homework.arch.testsupport.OnVertx;
import homework.arch.testsupport.RecordedSpans;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The letter path as one statement per batch of letters (decisions 0013 and 0030): what it costs the database, and
 * that it keeps the inbox's and the recipient row's guarantees. Looks at the tables and the spans, not only at the
 * API.
 */
@QuarkusTest
class LetterStatementTest {

    private static final String PARENT_SPAN_ID = "00f067aa0ba902b7";

    private static BrokerClient broker;

    @Inject
    RecordedSpans spans;

    @Inject
    MeterRegistry registry;

    @Inject
    Pool pool;

    @Inject
    NotificationService notifications;

    @Inject
    Vertx vertx;

    @BeforeAll
    static void connect() {
        broker = BrokerClient.connect("notification-service statement tests");
    }

    @AfterAll
    static void disconnect() {
        broker.close();
    }

    @Test
    void aLetterIsOneStatementInTheConsumersSpan() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        ObjectNode paid = Events.orderPaid(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());

        broker.publish(ORDERS, "order.paid", new AMQP.BasicProperties.Builder().contentType("application/json")
                .deliveryMode(2).messageId(paid.get("eventId").asText()).type("OrderPaid")
                .headers(Map.of("traceparent", "00-" + traceId + "-" + PARENT_SPAN_ID + "-01")).build(),
                paid.toString());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, SpanData> trace = spans.ofTrace(traceId);
            SpanData process = RecordedSpans.only(trace, SpanKind.CONSUMER, OrderEventsConsumer.CONSUMER + " process");
            // Before decision 0013 there were five, in a transaction: the inbox, the recipient's insert and lock, the
            // letter's existence, the letter.
            assertThat(trace.values()).as("the database statements of one letter, under the message's span")
                    .filteredOn(span -> span.getKind() == SpanKind.CLIENT)
                    .filteredOn(span -> RecordedSpans.descendsFrom(trace, span, process))
                    .hasSize(1);
        });
        assertThat(letterEmails(uuid(paid, "orderId"))).hasSize(1);
    }

    @Test
    void lettersThatArriveTogetherShareStatements() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        List<ObjectNode> events = new ArrayList<>();
        BrokerClient.Publisher publisher = broker.publisher();
        for (int i = 0; i < 10; i++) {
            ObjectNode paid = Events.orderPaid(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
            events.add(paid);
            publisher.send(ORDERS, "order.paid", new AMQP.BasicProperties.Builder().contentType("application/json")
                    .deliveryMode(2).messageId(paid.get("eventId").asText()).type("OrderPaid")
                    .headers(Map.of("traceparent", "00-" + traceId + "-" + PARENT_SPAN_ID + "-01")).build(),
                    paid.toString());
        }
        publisher.confirmed();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(spans.ofTrace(traceId).values())
                .filteredOn(span -> span.getKind() == SpanKind.CONSUMER).hasSize(10));
        events.forEach(paid -> assertThat(letterEmails(uuid(paid, "orderId"))).hasSize(1));
        // Ten messages sent in one burst wait for each other in batches (infra.inbox.batch-linger).
        assertThat(spans.ofTrace(traceId).values()).as("the database statements of ten letters")
                .filteredOn(span -> span.getKind() == SpanKind.CLIENT)
                .hasSizeBetween(1, 9);
    }

    @Test
    void aBatchAnswersForEachLetterInItsOrder() {
        UUID known = UUID.randomUUID();
        UUID unknown = UUID.randomUUID();
        OnVertx.await(() -> Panache.withTransaction(() -> notifications.learnUser(known, "Ada", "ada@example.com")));
        UUID recordedBefore = UUID.randomUUID();
        writeAll(List.of(recordedBefore), List.of(notifications.orderPaid(UUID.randomUUID(), unknown,
                new BigDecimal("1.00"), "EUR")));
        UUID paidOrder = UUID.randomUUID();
        UUID cancelledOrder = UUID.randomUUID();

        List<Written> written = writeAll(List.of(UUID.randomUUID(), recordedBefore, UUID.randomUUID(),
                UUID.randomUUID()), List.of(
                notifications.orderPaid(paidOrder, known, new BigDecimal("12.50"), "EUR"),
                notifications.orderPaid(UUID.randomUUID(), unknown, new BigDecimal("2.00"), "EUR"),
                notifications.orderPaid(paidOrder, known, new BigDecimal("12.50"), "EUR"),
                notifications.orderCancelled(cancelledOrder, unknown, new BigDecimal("3.00"), "EUR",
                        "insufficient_funds")));

        assertThat(written).containsExactly(
                new Written(true, true, "ada@example.com"),
                new Written(false, false, null),
                new Written(true, false, "ada@example.com"),
                new Written(true, true, null));
        assertThat(letterEmails(paidOrder)).containsExactly("ada@example.com");
        assertThat(letterEmails(cancelledOrder)).containsExactly((String) null);
    }

    private List<Written> writeAll(List<UUID> eventIds, List<Notification> letters) {
        return OnVertx.await(() -> notifications.writeAll(new InboxBatch(OrderEventsConsumer.CONSUMER, eventIds),
                letters));
    }

    @Test
    void aDuplicateEventWritesNothingAndIsCountedOnce() {
        double duplicates = duplicatesSkipped();
        ObjectNode paid = Events.orderPaid(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());

        publish(paid);
        publish(paid);

        await().atMost(Duration.ofSeconds(30)).until(() -> duplicatesSkipped() == duplicates + 1);
        assertThat(letterEmails(uuid(paid, "orderId"))).hasSize(1);
        assertThat(inboxRecords(uuid(paid, "eventId"))).isEqualTo(1);
    }

    @Test
    void theSameOutcomeUnderTwoEventIdsIsRecordedTwiceAndWrittenOnce() {
        UUID orderId = UUID.randomUUID();
        UUID userId = UUID.randomUUID();
        ObjectNode first = Events.orderCancelled(UUID.randomUUID(), orderId, userId);
        ObjectNode second = Events.orderCancelled(UUID.randomUUID(), orderId, userId);

        publish(first);
        publish(second);

        await().atMost(Duration.ofSeconds(30)).until(() -> inboxRecords(uuid(first, "eventId")) == 1
                && inboxRecords(uuid(second, "eventId")) == 1);
        assertThat(letterEmails(orderId)).hasSize(1);
    }

    @Test
    void aLetterAndItsUsersIntroductionAtTheSameTimeEndWithTheLetterAddressed() {
        for (int round = 0; round < 40; round++) {
            UUID userId = UUID.randomUUID();
            UUID orderId = UUID.randomUUID();
            String email = userId + "@example.com";
            // One of them starts 0 to 6 ms after the other (the letter in even rounds, the introduction in odd ones);
            // the introduction takes several round trips before and after it locks the recipient row, the letter one:
            // over the rounds each takes the lock first, and waits for the other's.
            boolean letterLater = round % 2 == 0;
            long delay = ThreadLocalRandom.current().nextLong(7);
            OnVertx.await(() -> Uni.combine().all().unis(
                    after(letterLater ? 0 : delay).chain(() -> Panache.withTransaction(
                            () -> notifications.learnUser(userId, "Ada", email))),
                    after(letterLater ? delay : 0).chain(() -> notifications.writeAll(
                            new InboxBatch(OrderEventsConsumer.CONSUMER, List.of(UUID.randomUUID())),
                            List.of(notifications.orderPaid(orderId, userId, new BigDecimal("12.50"), "EUR")))))
                    .discardItems());

            assertThat(letterEmails(orderId)).as("round %d, %s %d ms later", round,
                    letterLater ? "letter" : "introduction", delay).containsExactly(email);
        }
    }

    /** Completes on the caller's Vert.x context (Hibernate Reactive runs only there) after the delay. */
    private Uni<Void> after(long millis) {
        if (millis == 0) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().emitter(done -> vertx.setTimer(millis, id -> done.complete(null)));
    }

    @Test
    void aStatementThatFailsIsNotAckedAndItsEventComesBackUntilItSucceeds() {
        ObjectNode paid = Events.orderPaid(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        UUID orderId = uuid(paid, "orderId");
        // A letter this table refuses, as a statement that fails whatever the retries.
        String refusal = "refuse_" + orderId.toString().replace("-", "");
        ddl("ALTER TABLE notification ADD CONSTRAINT " + refusal + " CHECK (order_id <> '" + orderId + "') NOT VALID");
        try {
            publish(paid);

            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> inboxRecords(uuid(paid, "eventId")) == 0 && letterEmails(orderId).isEmpty());
        } finally {
            ddl("ALTER TABLE notification DROP CONSTRAINT IF EXISTS " + refusal);
        }

        // Its message was neither acked nor dropped: a retry or a redelivery writes it now.
        await().atMost(Duration.ofSeconds(60)).until(() -> letterEmails(orderId).size() == 1);
        assertThat(inboxRecords(uuid(paid, "eventId"))).isEqualTo(1);
    }

    private static void publish(ObjectNode event) {
        broker.publish(ORDERS, event.get("eventType").asText().equals("OrderPaid") ? "order.paid" : "order.cancelled",
                event.get("eventId").asText(), event.get("eventType").asText(), event.toString());
    }

    private static UUID uuid(ObjectNode event, String field) {
        return UUID.fromString(event.get(field).asText());
    }

    private double duplicatesSkipped() {
        Counter counter = registry.find("inbox.duplicates.skipped").tag("consumer", OrderEventsConsumer.CONSUMER)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private long inboxRecords(UUID eventId) {
        return sql("SELECT count(*) FROM inbox_event WHERE consumer = $1 AND event_id = $2",
                Tuple.of(OrderEventsConsumer.CONSUMER, eventId)).get(0).getLong(0);
    }

    /** The emails of the order's letters (null for one not addressed). */
    private List<String> letterEmails(UUID orderId) {
        List<String> emails = new ArrayList<>();
        sql("SELECT email FROM notification WHERE order_id = $1", Tuple.of(orderId))
                .forEach(row -> emails.add(row.getString(0)));
        return emails;
    }

    private List<Row> sql(String statement, Tuple parameters) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery(statement).execute(parameters).await().atMost(Duration.ofSeconds(10)).forEach(rows::add);
        return rows;
    }

    private void ddl(String statement) {
        pool.query(statement).execute().await().atMost(Duration.ofSeconds(10));
    }
}
