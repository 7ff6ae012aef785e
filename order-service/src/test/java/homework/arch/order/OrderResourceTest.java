package homework.arch.order;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static homework.arch.order.OrderApi.as;
import static homework.arch.order.OrderApi.payment;
import static homework.arch.order.OrderApi.payments;
import static homework.arch.order.OrderApi.paymentsOf;
import static homework.arch.order.OrderApi.place;
import static homework.arch.order.OrderApi.placeFor;
import static homework.arch.testsupport.Problems.PROBLEM;
import static homework.arch.testsupport.Problems.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import homework.arch.testsupport.BillingStub;
import homework.arch.testsupport.PublishedEvents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The order flow of one user, who is always the caller (access and ownership are OrderAuthorizationTest's). */
@QuarkusTest
@WithTestResource(BillingStub.class)
class OrderResourceTest extends WithPayingBilling {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aPaidOrderIsReturnedAndOrderPaidIsPublished() throws Exception {
        UUID id = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        try (PublishedEvents events = PublishedEvents.on("orders", "order.*")) {
            String createdAt = place(user, Map.of("id", id.toString(), "userId", user.toString(), "price", 12.5))
                    .statusCode(201)
                    .body("id", equalTo(id.toString()))
                    .body("userId", equalTo(user.toString()))
                    .body("price", equalTo(12.5f))
                    .body("currency", equalTo("USD"))
                    .body("status", equalTo("PAID"))
                    .body("reason", nullValue())
                    .body("createdAt", notNullValue())
                    .extract().path("createdAt");

            billing.verify(1, paymentsOf(user).withBasicAuth(OrderApi.CREDENTIAL));
            assertEveryPaymentOf(user, id, "12.5");
            as(user).get("/orders/{id}", id).then().statusCode(200)
                    .body("status", equalTo("PAID"))
                    .body("createdAt", equalTo(createdAt));

            PublishedEvents.Event event = events.first(PublishedEvents.withField("orderId", id));
            assertThat(event.properties().getMessageId()).isEqualTo(event.body().get("eventId").asText());
            assertThat(event.properties().getType()).isEqualTo("OrderPaid");
            assertThat(event.body().get("eventType").asText()).isEqualTo("OrderPaid");
            assertThat(event.body().get("userId").asText()).isEqualTo(user.toString());
            assertThat(event.body().get("amount").decimalValue()).isEqualByComparingTo("12.50");
            assertThat(event.body().get("currency").asText()).isEqualTo("USD");
            assertThat(event.body().get("occurredAt").asText()).isNotBlank();
            assertThat(event.body().has("reason")).isFalse();
        }
    }

    @Test
    void aDeclinedPaymentCancelsTheOrderWithTheReason() throws Exception {
        billingAnswers(payment(201, "DECLINED", "insufficient_funds"));
        UUID id = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        try (PublishedEvents events = PublishedEvents.on("orders", "order.cancelled")) {
            place(user, Map.of("id", id.toString(), "price", 1000))
                    .statusCode(201)
                    .body("status", equalTo("CANCELLED"))
                    .body("reason", equalTo("insufficient_funds"));

            PublishedEvents.Event event = events.first(PublishedEvents.withField("orderId", id));
            assertThat(event.properties().getType()).isEqualTo("OrderCancelled");
            assertThat(event.body().get("eventType").asText()).isEqualTo("OrderCancelled");
            assertThat(event.body().get("reason").asText()).isEqualTo("insufficient_funds");
            assertThat(event.body().get("amount").decimalValue()).isEqualByComparingTo("1000");
        }
    }

    @Test
    void anOrderOfAUserWithoutAccountIsCancelledAtOnce() {
        billingAnswers(aResponse().withStatus(404).withHeader("Content-Type", PROBLEM)
                .withBody("{\"status\":404,\"code\":\"account_not_found\",\"title\":\"Not found\"}"));
        UUID user = UUID.randomUUID();

        place(user, Map.of("price", 3))
                .statusCode(201)
                .body("id", notNullValue())
                .body("status", equalTo("CANCELLED"))
                .body("reason", equalTo("account_not_found"));

        billing.verify(1, paymentsOf(user)); // a refusal is an answer: not retried
    }

    @Test
    void repeatingAnOrderReturnsItWithoutPayingAgain() {
        UUID id = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        Map<String, Object> request = Map.of("id", id.toString(), "userId", user.toString(), "price", 7);
        String createdAt = place(user, request).statusCode(201).extract().path("createdAt");

        place(user, Map.of("id", id.toString(), "price", 7.00)).statusCode(200)
                .body("status", equalTo("PAID"))
                .body("createdAt", equalTo(createdAt));

        billing.verify(1, paymentsOf(user));
    }

    @Test
    void theSameIdWithOtherDataIsAConflict() {
        UUID id = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        place(user, Map.of("id", id.toString(), "userId", user.toString(), "price", 7)).statusCode(201);

        problem(place(user, Map.of("id", id.toString(), "price", 8)), 409, "order_exists");
        // Another user cannot take the id either, and learns nothing of the order but that the id is taken.
        problem(place(other, Map.of("id", id.toString(), "price", 7)), 409, "order_exists")
                .body("userId", nullValue())
                .body("price", nullValue());
        billing.verify(0, paymentsOf(other));
    }

    @Test
    void concurrentIdenticalOrdersAreOneOrder() {
        UUID id = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        Map<String, Object> request = Map.of("id", id.toString(), "userId", user.toString(), "price", 5);

        List<Integer> statuses = concurrently(() -> place(user, request).extract().statusCode(),
                () -> place(user, request).extract().statusCode());

        assertThat(statuses).containsExactlyInAnyOrder(201, 200);
        assertEveryPaymentOf(user, id, "5");
    }

    @Test
    void unreachableBillingLeavesTheOrderPendingUntilTheReconcilerPaysIt() throws Exception {
        billingAnswers(aResponse().withStatus(503));
        UUID id = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        try (PublishedEvents events = PublishedEvents.on("orders", "order.*")) {
            place(user, Map.of("id", id.toString(), "price", 20))
                    .statusCode(202)
                    .body("id", equalTo(id.toString()))
                    .body("status", equalTo("PENDING"));
            as(user).get("/orders/{id}", id).then().statusCode(200).body("status", equalTo("PENDING"));

            billingPays();
            awaitStatus(user, id, "PAID");

            assertEveryPaymentOf(user, id, "20");
            assertExactlyOneEventFor(id, "OrderPaid", events);
        }
    }

    @Test
    void slowBillingLeavesTheOrderPendingAndTheRetriesPayTheSameOrder() throws Exception {
        billingAnswers(payment(201, "SUCCEEDED", null).withFixedDelay(5_000));
        UUID id = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        try (PublishedEvents events = PublishedEvents.on("orders", "order.*")) {
            place(user, Map.of("id", id.toString(), "price", 9.99))
                    .statusCode(202)
                    .body("status", equalTo("PENDING"));

            billingAnswers(payment(200, "SUCCEEDED", null));
            awaitStatus(user, id, "PAID");

            assertThat(billing.findAll(paymentsOf(user))).hasSizeGreaterThan(1);
            assertEveryPaymentOf(user, id, "9.99");
            assertExactlyOneEventFor(id, "OrderPaid", events);
        }
    }

    @Test
    void theReconcilerCancelsAnOrderBillingDeclinesLater() throws Exception {
        billingAnswers(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        UUID id = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        try (PublishedEvents events = PublishedEvents.on("orders", "order.*")) {
            place(user, Map.of("id", id.toString(), "price", 500))
                    .statusCode(202)
                    .body("status", equalTo("PENDING"));

            billingAnswers(payment(200, "DECLINED", "insufficient_funds"));
            awaitStatus(user, id, "CANCELLED");

            as(user).get("/orders/{id}", id).then().body("reason", equalTo("insufficient_funds"));
            assertEveryPaymentOf(user, id, "500");
            assertExactlyOneEventFor(id, "OrderCancelled", events);
        }
    }

    @Test
    void repeatingAPendingOrderAsksBillingAgain() {
        billingAnswers(aResponse().withStatus(500));
        UUID id = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        Map<String, Object> request = Map.of("id", id.toString(), "userId", user.toString(), "price", 1);
        place(user, request).statusCode(202);

        billingPays();
        place(user, request).statusCode(200).body("status", equalTo("PAID"));

        assertEveryPaymentOf(user, id, "1");
    }

    private static void awaitStatus(UUID user, UUID id, String status) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                as(user).get("/orders/{id}", id).then().statusCode(200).body("status", equalTo(status)));
    }

    /** Never a double charge: whatever was retried, every payment billing saw for the user was for this order. */
    private void assertEveryPaymentOf(UUID user, UUID orderId, String amount) {
        List<LoggedRequest> payments = billing.findAll(paymentsOf(user));
        assertThat(payments).isNotEmpty().allSatisfy(payment -> {
            JsonNode body = JSON.readTree(payment.getBodyAsString());
            assertThat(body.get("orderId").asText()).isEqualTo(orderId.toString());
            assertThat(body.get("amount").decimalValue()).isEqualByComparingTo(amount);
        });
    }

    /**
     * The order's event arrives once: an order placed after it settled is published after it (the relay keeps
     * commit order), and by then no second event for the first order has come.
     */
    private void assertExactlyOneEventFor(UUID orderId, String type, PublishedEvents events) throws Exception {
        String marker = placeFor(UUID.randomUUID(), 1);
        List<PublishedEvents.Event> seen = events.upTo(PublishedEvents.withField("orderId", marker));
        List<PublishedEvents.Event> ofOrder = seen.stream()
                .filter(PublishedEvents.withField("orderId", orderId)).toList();
        assertThat(ofOrder).hasSize(1);
        assertThat(ofOrder.get(0).body().get("eventType").asText()).isEqualTo(type);
        assertThat(ofOrder.get(0).properties().getMessageId()).isEqualTo(ofOrder.get(0).body().get("eventId").asText());
    }

    @SafeVarargs
    private static List<Integer> concurrently(Supplier<Integer>... calls) {
        List<CompletableFuture<Integer>> running = Arrays.stream(calls)
                .map(CompletableFuture::supplyAsync).toList();
        return running.stream().map(CompletableFuture::join).toList();
    }

    private void billingAnswers(ResponseDefinitionBuilder answer) {
        billing.stubFor(payments().willReturn(answer));
    }
}
