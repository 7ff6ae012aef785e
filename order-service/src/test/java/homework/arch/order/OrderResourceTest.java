package homework.arch.order;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static homework.arch.order.OrderApi.PAYMENTS;
import static homework.arch.order.OrderApi.as;
import static homework.arch.order.OrderApi.assertBillingSawOnlyTheServiceCredential;
import static homework.arch.order.OrderApi.payment;
import static homework.arch.order.OrderApi.payments;
import static homework.arch.order.OrderApi.paymentsOf;
import static homework.arch.order.OrderApi.place;
import static homework.arch.order.OrderApi.placeWithKey;
import static homework.arch.testsupport.Problems.PROBLEM;
import static homework.arch.testsupport.Problems.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import homework.arch.testsupport.BillingStub;
import homework.arch.testsupport.BillingStub.InjectBillingStub;
import homework.arch.testsupport.PublishedEvents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The order flow of one user, who is always the caller (access and ownership are OrderAuthorizationTest's). */
@QuarkusTest
@WithTestResource(BillingStub.class)
class OrderResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectBillingStub
    WireMockServer billing;

    @BeforeEach
    void billingPays() {
        billing.resetAll();
        billingAnswers(payment(201, "SUCCEEDED", null));
    }

    @AfterEach
    void billingWasCalledWithTheServiceCredentialOnly() {
        assertBillingSawOnlyTheServiceCredential(billing);
    }

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

    @Test
    void anIdempotencyKeyReplaysTheFirstResponse() {
        UUID user = UUID.randomUUID();
        String key = "key-" + UUID.randomUUID();
        Map<String, Object> request = Map.of("userId", user.toString(), "price", 42);

        ExtractableResponse<Response> first = placeWithKey(user, key, request).statusCode(201)
                .header("Idempotency-Replayed", nullValue())
                .body("status", equalTo("PAID"))
                .extract();
        // A slow machine may make the first request retry its (idempotent) payment; the replay must add no call.
        int paymentCalls = billing.findAll(paymentsOf(user)).size();
        // Naming oneself or no one is the same request: the order is the caller's either way.
        ExtractableResponse<Response> again = placeWithKey(user, key, Map.of("price", 42.00))
                .statusCode(201)
                .header("Idempotency-Replayed", equalTo("true"))
                .extract();

        assertThat(again.asString()).isEqualTo(first.asString());
        billing.verify(paymentCalls, paymentsOf(user));
        as(user).get("/orders/{id}", first.<String>path("id")).then().statusCode(200);
    }

    @Test
    void anIdempotencyKeyIsForOneRequestOnly() {
        UUID user = UUID.randomUUID();
        String key = "key-" + UUID.randomUUID();
        placeWithKey(user, key, Map.of("userId", user.toString(), "price", 42)).statusCode(201);
        int paymentCalls = billing.findAll(paymentsOf(user)).size();

        problem(placeWithKey(user, key, Map.of("price", 43)), 422, "idempotency_key_reused");
        billing.verify(paymentCalls, paymentsOf(user));
    }

    @Test
    void aDuplicateWhileTheFirstIsStillRunningIsAskedToRetryLater() {
        billingAnswers(payment(201, "SUCCEEDED", null).withFixedDelay(5_000));
        UUID user = UUID.randomUUID();
        String key = "key-" + UUID.randomUUID();
        Map<String, Object> request = Map.of("userId", user.toString(), "price", 42);

        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(
                () -> placeWithKey(user, key, request).extract().statusCode());
        await().atMost(Duration.ofSeconds(30)).until(() -> !billing.findAll(paymentsOf(user)).isEmpty());
        problem(placeWithKey(user, key, request), 409, "request_in_progress");

        assertThat(first.join()).isEqualTo(202);
        placeWithKey(user, key, request).statusCode(202)
                .header("Idempotency-Replayed", equalTo("true"))
                .body("status", equalTo("PENDING"));
        billingPays();
    }

    @Test
    void anIdempotencyKeyMustFitItsColumn() {
        UUID user = UUID.randomUUID();
        problem(placeWithKey(user, "k".repeat(256), Map.of("price", 1)), 400, "invalid_idempotency_key");
        problem(placeWithKey(user, "", Map.of("price", 1)), 400, "invalid_idempotency_key");
        problem(placeWithKey(user, "tab\there", Map.of("price", 1)), 400, "invalid_idempotency_key");
        billing.verify(0, postRequestedFor(urlEqualTo(PAYMENTS)));
    }

    @Test
    void aBodyOverTheLimitIsAProblemNotAnEmpty413() {
        UUID user = UUID.randomUUID();
        String body = "{\"userId\":\"" + user + "\",\"price\":1,\"pad\":\"" + "x".repeat(70_000) + "\"}";
        problem(as(user).contentType(ContentType.JSON).body(body).post("/orders").then(), 413, "payload_too_large");
        billing.verify(0, postRequestedFor(urlEqualTo(PAYMENTS)));
    }

    @Test
    void malformedIdsAndParametersAreValidationProblemsNotAnEmpty404() {
        UUID user = UUID.randomUUID();
        problem(as(user).get("/orders/{id}", "not-a-uuid").then(), 400, "validation_failed")
                .body("violations.field", hasItem("id"));
        problem(as(user).get("/orders/{id}", "1-1-1-1-1").then(), 400, "validation_failed")
                .body("violations.field", hasItem("id"));
        problem(as(user).queryParam("userId", "nobody").get("/orders").then(), 400, "validation_failed")
                .body("violations.field", hasItem("userId"));
        problem(as(user).queryParam("limit", "abc").get("/orders").then(), 400, "validation_failed");
    }

    /** The caller of every invalid request, whom the valid parts of the bodies name. */
    private static final UUID INVALID_CALLER = UUID.randomUUID();

    static List<Invalid> invalidOrders() {
        String user = INVALID_CALLER.toString();
        return List.of(
                new Invalid(Map.of("userId", user), "validation_failed", "price"),
                new Invalid(Map.of("userId", user, "price", 0), "validation_failed", "price"),
                new Invalid(Map.of("userId", user, "price", -5), "validation_failed", "price"),
                new Invalid(Map.of("userId", user, "price", new BigDecimal("1.005")), "validation_failed", "price"),
                new Invalid(Map.of("userId", user, "price", new BigDecimal("1000000000000.01")),
                        "validation_failed", "price"),
                new Invalid(Map.of("userId", user, "price", "10"), "invalid_type", "price"),
                new Invalid(Map.of("userId", "nobody", "price", 10), "invalid_type", "userId"),
                new Invalid(Map.of("userId", user, "price", 10, "discount", 1), "unknown_field", "discount"));
    }

    record Invalid(Map<String, Object> body, String code, String field) {
    }

    @ParameterizedTest
    @MethodSource("invalidOrders")
    void invalidOrdersAreRejectedBeforeAnythingHappens(Invalid invalid) {
        problem(place(INVALID_CALLER, invalid.body()), 400, invalid.code())
                .body("violations.field", hasItem(invalid.field()));
        billing.verify(0, postRequestedFor(urlEqualTo(PAYMENTS)));
    }

    @Test
    void anUnknownOrderIsNotFound() {
        problem(as(UUID.randomUUID()).get("/orders/{id}", UUID.randomUUID()).then(), 404, "order_not_found");
    }

    @Test
    void aUsersOrdersArePagedNewestFirst() {
        UUID user = UUID.randomUUID();
        List<String> placed = List.of(
                placeFor(user, 1), placeFor(user, 2), placeFor(user, 3));
        placeFor(UUID.randomUUID(), 4);

        ExtractableResponse<Response> first = as(user).queryParam("userId", user).queryParam("limit", 2)
                .get("/orders").then().statusCode(200)
                .body("items.size()", equalTo(2))
                .body("nextCursor", notNullValue())
                .extract();
        assertThat(first.<List<String>>path("items.id")).containsExactly(placed.get(2), placed.get(1));

        as(user).queryParam("limit", 2).queryParam("cursor", first.<String>path("nextCursor"))
                .get("/orders").then().statusCode(200)
                .body("items.id", equalTo(List.of(placed.get(0))))
                .body("items[0].price", equalTo(1.0f))
                .body("nextCursor", nullValue());

        as(user).get("/orders").then().statusCode(200)
                .body("items.size()", equalTo(3))
                .body("nextCursor", nullValue());
    }

    @Test
    void aUserWithoutOrdersHasAnEmptyList() {
        UUID user = UUID.randomUUID();
        as(user).queryParam("userId", user).get("/orders").then().statusCode(200)
                .body("items.size()", equalTo(0))
                .body("nextCursor", nullValue());
    }

    @Test
    void listingNeedsSensibleLimits() {
        UUID user = UUID.randomUUID();
        problem(as(user).queryParam("limit", 0).get("/orders").then(),
                400, "validation_failed").body("violations.field", hasItem("limit"));
        problem(as(user).queryParam("userId", user).queryParam("limit", 501).get("/orders").then(),
                400, "validation_failed").body("violations.field", hasItem("limit"));
        problem(as(user).queryParam("cursor", "not-a-cursor").get("/orders").then(),
                400, "invalid_cursor");
    }

    @Test
    void theCorrelationIdTravelsToBilling() {
        UUID user = UUID.randomUUID();

        as(user).header("X-Correlation-Id", "corr-" + user).contentType(ContentType.JSON)
                .body(Map.of("price", 1))
                .post("/orders").then().statusCode(201).header("X-Correlation-Id", equalTo("corr-" + user));

        billing.verify(1, paymentsOf(user).withHeader("X-Correlation-Id", WireMock.equalTo("corr-" + user)));
    }

    private static String placeFor(UUID user, int price) {
        return place(user, Map.of("price", price)).statusCode(201).extract().path("id");
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
