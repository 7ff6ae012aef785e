package homework.arch.order;

import static homework.arch.order.OrderApi.as;
import static homework.arch.order.OrderApi.placeFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import homework.arch.infra.money.CurrencyUnit;
import homework.arch.infra.outbox.OutboxEntry;
import homework.arch.order.messaging.OrderEvents;
import homework.arch.order.repository.OrderStore;
import homework.arch.order.repository.OrderStore.Registered;
import homework.arch.order.repository.OrderStore.Settled;
import homework.arch.testsupport.BillingStub;
import homework.arch.testsupport.PublishedEvents;
import homework.arch.testsupport.RecordedSpans;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What placing and settling an order costs PostgreSQL, and what PostgreSQL decides when attempts on one order meet:
 * the order is one statement, its outcome with its event another, each in autocommit.
 */
@QuarkusTest
@WithTestResource(BillingStub.class)
class OrderStatementsTest extends WithPayingBilling {

    /** Statements per placed and paid order: a regression (a read before the insert, a transaction) fails here. */
    private static final int STATEMENTS_PER_ORDER = 2;
    private static final int ATTEMPTS = 8;
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    RecordedSpans spans;

    @Inject
    OrderStore store;

    @Inject
    OrderEvents events;

    @Inject
    CurrencyUnit currency;

    @Test
    void aPlacedOrderIsOneStatementAndItsOutcomeWithItsEventAnother() {
        for (int n = 0; n < 5; n++) {
            String traceId = UUID.randomUUID().toString().replace("-", "");
            as(UUID.randomUUID()).header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                    .contentType(ContentType.JSON).body(Map.of("price", 10 + n))
                    .post("/orders").then().statusCode(201);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Map<String, SpanData> trace = spans.ofTrace(traceId);
                SpanData server = RecordedSpans.only(trace, SpanKind.SERVER, "/orders");
                List<String> statements = trace.values().stream().filter(OrderStatementsTest::isSql)
                        .peek(sql -> assertThat(RecordedSpans.descendsFrom(trace, sql, server))
                                .as("SQL in the request's span").isTrue())
                        .map(OrderStatementsTest::statement).toList();
                assertThat(statements).as("statements of one order").hasSizeLessThanOrEqualTo(STATEMENTS_PER_ORDER)
                        .anySatisfy(sql -> assertThat(sql).contains("INSERT INTO orders"))
                        .anySatisfy(sql -> assertThat(sql).contains("UPDATE orders").contains("outbox_event"));
            });
        }
    }

    @Test
    void theSameOrderIsStoredOnceAndAnotherOneUnderItsIdIsNot() {
        Order order = newOrder("12.50");

        Registered first = result(store.register(order));
        Registered again = result(store.register(newOrder(order.id(), order.userId(), "12.50")));
        Registered other = result(store.register(newOrder(order.id(), order.userId(), "13.00")));

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(other.created()).isFalse();
        for (Registered registered : List.of(first, again, other)) {
            assertThat(registered.order().createdAt()).isEqualTo(order.createdAt());
            assertThat(registered.order().price()).isEqualByComparingTo("12.50");
            assertThat(registered.order().isPending()).isTrue();
        }
        assertThat(other.order().isPlacedAs(order.userId(), new BigDecimal("13.00"))).isFalse();
    }

    @Test
    void concurrentPlacementsOfOneOrderStoreItOnceAndAllAnswerWithIt() {
        UUID id = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        List<Uni<Registered>> attempts = IntStream.range(0, ATTEMPTS)
                .mapToObj(n -> store.register(newOrder(id, user, "5"))).toList();

        List<Registered> registered = result(Uni.join().all(attempts).andFailFast());

        assertThat(registered).filteredOn(Registered::created).hasSize(1);
        Instant createdAt = registered.stream().filter(Registered::created).findFirst().orElseThrow().order()
                .createdAt();
        assertThat(registered).allSatisfy(r -> assertThat(r.order().createdAt()).isEqualTo(createdAt));
    }

    @Test
    void concurrentSettlementsOfOneOrderRecordOneOutcomeAndPublishOneEvent() throws Exception {
        Order order = result(store.register(newOrder("20"))).order();
        List<OutboxEntry> entries = new ArrayList<>();
        List<Uni<Settled>> attempts = new ArrayList<>();
        for (int n = 0; n < ATTEMPTS; n++) {
            Order attempt = result(store.register(order)).order(); // each attempt its own copy, as requests have
            if (n % 2 == 0) {
                attempt.markPaid(Instant.now());
            } else {
                attempt.cancel(CancellationReason.INSUFFICIENT_FUNDS, Instant.now());
            }
            OutboxEntry entry = events.settled(attempt);
            entries.add(entry);
            attempts.add(store.settle(attempt, entry));
        }
        try (PublishedEvents published = PublishedEvents.on("orders", "order.*")) {
            List<Settled> settled = result(Uni.join().all(attempts).andFailFast());

            assertThat(settled).filteredOn(Settled::now).hasSize(1);
            int winner = settled.indexOf(settled.stream().filter(Settled::now).findFirst().orElseThrow());
            assertThat(settled).allSatisfy(s -> {
                assertThat(s.order().status()).isEqualTo(settled.get(winner).order().status());
                assertThat(s.order().settledAt()).isEqualTo(settled.get(winner).order().settledAt());
            });
            // The relay keeps commit order: once a later order's event is out, no second one of this order comes.
            String marker = placeFor(UUID.randomUUID(), 1);
            List<PublishedEvents.Event> ofOrder = published.upTo(PublishedEvents.withField("orderId", marker))
                    .stream().filter(PublishedEvents.withField("orderId", order.id())).toList();
            assertThat(ofOrder).hasSize(1);
            assertThat(ofOrder.get(0).properties().getMessageId())
                    .isEqualTo(entries.get(winner).id().toString());
        }
    }

    private Order newOrder(String price) {
        return newOrder(UUID.randomUUID(), UUID.randomUUID(), price);
    }

    private Order newOrder(UUID id, UUID user, String price) {
        return Order.place(id, user, new BigDecimal(price), currency, Instant.now(), Duration.ofMinutes(5));
    }

    private static <T> T result(Uni<T> work) {
        return work.await().atMost(PATIENCE);
    }

    private static boolean isSql(SpanData span) {
        return span.getKind() == SpanKind.CLIENT && span.getAttributes().get(AttributeKey.stringKey("db.system")) != null;
    }

    private static String statement(SpanData span) {
        String text = span.getAttributes().get(AttributeKey.stringKey("db.query.text"));
        return text != null ? text : String.valueOf(span.getAttributes().get(AttributeKey.stringKey("db.statement")));
    }
}
