package homework.arch.order;

import homework.arch.testsupport.BillingStub;
import homework.arch.testsupport.PublishedEvents;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
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
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import homework.arch.testsupport.BillingStub.InjectBillingStub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@QuarkusTest
@WithTestResource(BillingStub.class)
class OrderResourceTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String PAYMENTS = "/billing/payments";
    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectBillingStub
    WireMockServer billing;
    @BeforeEach
    void billingPays() {
        billing.resetAll();
        billingAnswers(payment(201, "SUCCEEDED", null));
    }

    @Test
    void aPaidOrderIsReturnedAndOrderPaidIsPublished() throws Exception {
        UUID id = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        try (PublishedEvents events = PublishedEvents.on("orders", "order.*")) {
            String createdAt = place(Map.of("id", id.toString(), "userId", user.toString(), "price", 12.5))
                    .statusCode(201)
                    .body("id", equalTo(id.toString()))
                    .body("userId", equalTo(user.toString()))
                    .body("price", equalTo(12.5f))
                    .body("currency", equalTo("USD"))
                    .body("status", equalTo("PAID"))
                    .body("reason", nullValue())
                    .body("createdAt", notNullValue())
                    .extract().path("createdAt");

            billing.verify(1, paymentsOf(user));
            assertEveryPaymentOf(user, id, "12.5");
            given().get("/orders/{id}", id).then().statusCode(200)
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
        try (PublishedEvents events = PublishedEvents.on("orders", "order.cancelled")) {
            place(Map.of("id", id.toString(), "userId", UUID.randomUUID().toString(), "price", 1000))
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

        place(Map.of("userId", user.toString(), "price", 3))
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
        String createdAt = place(request).statusCode(201).extract().path("createdAt");

        place(Map.of("id", id.toString(), "userId", user.toString(), "price", 7.00)).statusCode(200)
                .body("status", equalTo("PAID"))
                .body("createdAt", equalTo(createdAt));

        billing.verify(1, paymentsOf(user));
    }

    @Test
    void theSameIdWithOtherDataIsAConflict() {
        UUID id = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        place(Map.of("id", id.toString(), "userId", user.toString(), "price", 7)).statusCode(201);

        problem(place(Map.of("id", id.toString(), "userId", user.toString(), "price", 8)), 409, "order_exists");
        problem(place(Map.of("id", id.toString(), "userId", UUID.randomUUID().toString(), "price", 7)),
                409, "order_exists");
    }

    @Test
    void concurrentIdenticalOrdersAreOneOrder() {
        UUID id = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        Map<String, Object> request = Map.of("id", id.toString(), "userId", user.toString(), "price", 5);

        List<Integer> statuses = concurrently(() -> place(request).extract().statusCode(),
                () -> place(request).extract().statusCode());

        assertThat(statuses).containsExactlyInAnyOrder(201, 200);
        assertEveryPaymentOf(user, id, "5");
    }

    @Test
    void unreachableBillingLeavesTheOrderPendingUntilTheReconcilerPaysIt() throws Exception {
        billingAnswers(aResponse().withStatus(503));
        UUID id = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        try (PublishedEvents events = PublishedEvents.on("orders", "order.*")) {
            place(Map.of("id", id.toString(), "userId", user.toString(), "price", 20))
                    .statusCode(202)
                    .body("id", equalTo(id.toString()))
                    .body("status", equalTo("PENDING"));
            given().get("/orders/{id}", id).then().statusCode(200).body("status", equalTo("PENDING"));

            billingPays();
            awaitStatus(id, "PAID");

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
            place(Map.of("id", id.toString(), "userId", user.toString(), "price", 9.99))
                    .statusCode(202)
                    .body("status", equalTo("PENDING"));

            billingAnswers(payment(200, "SUCCEEDED", null));
            awaitStatus(id, "PAID");

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
            place(Map.of("id", id.toString(), "userId", user.toString(), "price", 500))
                    .statusCode(202)
                    .body("status", equalTo("PENDING"));

            billingAnswers(payment(200, "DECLINED", "insufficient_funds"));
            awaitStatus(id, "CANCELLED");

            given().get("/orders/{id}", id).then().body("reason", equalTo("insufficient_funds"));
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
        place(request).statusCode(202);

        billingPays();
        place(request).statusCode(200).body("status", equalTo("PAID"));

        assertEveryPaymentOf(user, id, "1");
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstResponse() {
        UUID user = UUID.randomUUID();
        String key = "key-" + UUID.randomUUID();
        Map<String, Object> request = Map.of("userId", user.toString(), "price", 42);

        ExtractableResponse<Response> first = placeWithKey(key, request).statusCode(201)
                .header("Idempotency-Replayed", nullValue())
                .body("status", equalTo("PAID"))
                .extract();
        // A slow machine may make the first request retry its (idempotent) payment; the replay must add no call.
        int paymentCalls = billing.findAll(paymentsOf(user)).size();
        ExtractableResponse<Response> again = placeWithKey(key, Map.of("userId", user.toString(), "price", 42.00))
                .statusCode(201)
                .header("Idempotency-Replayed", equalTo("true"))
                .extract();

        assertThat(again.asString()).isEqualTo(first.asString());
        billing.verify(paymentCalls, paymentsOf(user));
        given().get("/orders/{id}", first.<String>path("id")).then().statusCode(200);
    }

    @Test
    void anIdempotencyKeyIsForOneRequestOnly() {
        UUID user = UUID.randomUUID();
        String key = "key-" + UUID.randomUUID();
        placeWithKey(key, Map.of("userId", user.toString(), "price", 42)).statusCode(201);
        int paymentCalls = billing.findAll(paymentsOf(user)).size();

        problem(placeWithKey(key, Map.of("userId", user.toString(), "price", 43)), 422, "idempotency_key_reused");
        billing.verify(paymentCalls, paymentsOf(user));
    }

    @Test
    void aDuplicateWhileTheFirstIsStillRunningIsAskedToRetryLater() {
        billingAnswers(payment(201, "SUCCEEDED", null).withFixedDelay(5_000));
        UUID user = UUID.randomUUID();
        String key = "key-" + UUID.randomUUID();
        Map<String, Object> request = Map.of("userId", user.toString(), "price", 42);

        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(
                () -> placeWithKey(key, request).extract().statusCode());
        await().atMost(Duration.ofSeconds(30)).until(() -> !billing.findAll(paymentsOf(user)).isEmpty());
        problem(placeWithKey(key, request), 409, "request_in_progress");

        assertThat(first.join()).isEqualTo(202);
        placeWithKey(key, request).statusCode(202)
                .header("Idempotency-Replayed", equalTo("true"))
                .body("status", equalTo("PENDING"));
        billingPays();
    }

    @Test
    void anIdempotencyKeyMustFitItsColumn() {
        problem(placeWithKey("k".repeat(256), Map.of("userId", UUID.randomUUID().toString(), "price", 1)),
                400, "invalid_idempotency_key");
        problem(placeWithKey("", Map.of("userId", UUID.randomUUID().toString(), "price", 1)),
                400, "invalid_idempotency_key");
        problem(placeWithKey("tab\there", Map.of("userId", UUID.randomUUID().toString(), "price", 1)),
                400, "invalid_idempotency_key");
        billing.verify(0, postRequestedFor(urlEqualTo(PAYMENTS)));
    }

    @Test
    void aBodyOverTheLimitIsAProblemNotAnEmpty413() {
        String body = "{\"userId\":\"" + UUID.randomUUID() + "\",\"price\":1,\"pad\":\"" + "x".repeat(70_000) + "\"}";
        problem(given().contentType(ContentType.JSON).body(body).post("/orders").then(), 413, "payload_too_large");
        billing.verify(0, postRequestedFor(urlEqualTo(PAYMENTS)));
    }

    @Test
    void malformedIdsAndParametersAreValidationProblemsNotAnEmpty404() {
        problem(given().get("/orders/{id}", "not-a-uuid").then(), 400, "validation_failed")
                .body("violations.field", hasItem("id"));
        problem(given().get("/orders/{id}", "1-1-1-1-1").then(), 400, "validation_failed")
                .body("violations.field", hasItem("id"));
        problem(given().queryParam("userId", "nobody").get("/orders").then(), 400, "validation_failed")
                .body("violations.field", hasItem("userId"));
        problem(given().queryParam("userId", UUID.randomUUID()).queryParam("limit", "abc").get("/orders").then(),
                400, "validation_failed");
    }

    static List<Invalid> invalidOrders() {
        String user = UUID.randomUUID().toString();
        return List.of(
                new Invalid(Map.of("price", 1), "validation_failed", "userId"),
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
        problem(place(invalid.body()), 400, invalid.code())
                .body("violations.field", hasItem(invalid.field()));
        billing.verify(0, postRequestedFor(urlEqualTo(PAYMENTS)));
    }

    @Test
    void anUnknownOrderIsNotFound() {
        problem(given().get("/orders/{id}", UUID.randomUUID()).then(), 404, "order_not_found");
    }

    @Test
    void aUsersOrdersArePagedNewestFirst() {
        UUID user = UUID.randomUUID();
        List<String> placed = List.of(
                placeFor(user, 1), placeFor(user, 2), placeFor(user, 3));
        placeFor(UUID.randomUUID(), 4);

        ExtractableResponse<Response> first = given().queryParam("userId", user).queryParam("limit", 2)
                .get("/orders").then().statusCode(200)
                .body("items.size()", equalTo(2))
                .body("nextCursor", notNullValue())
                .extract();
        assertThat(first.<List<String>>path("items.id")).containsExactly(placed.get(2), placed.get(1));

        given().queryParam("userId", user).queryParam("limit", 2).queryParam("cursor", first.<String>path("nextCursor"))
                .get("/orders").then().statusCode(200)
                .body("items.id", equalTo(List.of(placed.get(0))))
                .body("items[0].price", equalTo(1.0f))
                .body("nextCursor", nullValue());

        given().queryParam("userId", user).get("/orders").then().statusCode(200)
                .body("items.size()", equalTo(3))
                .body("nextCursor", nullValue());
    }

    @Test
    void aUserWithoutOrdersHasAnEmptyList() {
        given().queryParam("userId", UUID.randomUUID()).get("/orders").then().statusCode(200)
                .body("items.size()", equalTo(0))
                .body("nextCursor", nullValue());
    }

    @Test
    void listingNeedsAUserAndSensibleLimits() {
        String user = UUID.randomUUID().toString();
        problem(given().get("/orders").then(), 400, "validation_failed").body("violations.field", hasItem("userId"));
        problem(given().queryParam("userId", user).queryParam("limit", 0).get("/orders").then(),
                400, "validation_failed").body("violations.field", hasItem("limit"));
        problem(given().queryParam("userId", user).queryParam("limit", 501).get("/orders").then(),
                400, "validation_failed").body("violations.field", hasItem("limit"));
        problem(given().queryParam("userId", user).queryParam("cursor", "not-a-cursor").get("/orders").then(),
                400, "invalid_cursor");
    }

    @Test
    void theCorrelationIdTravelsToBilling() {
        UUID user = UUID.randomUUID();

        given().header("X-Correlation-Id", "corr-" + user).contentType(ContentType.JSON)
                .body(Map.of("userId", user.toString(), "price", 1))
                .post("/orders").then().statusCode(201).header("X-Correlation-Id", equalTo("corr-" + user));

        billing.verify(1, paymentsOf(user).withHeader("X-Correlation-Id", WireMock.equalTo("corr-" + user)));
    }

    private static ValidatableResponse place(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/orders").then();
    }

    private static ValidatableResponse placeWithKey(String key, Map<String, Object> body) {
        return given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(body).post("/orders").then();
    }

    private static String placeFor(UUID user, int price) {
        return place(Map.of("userId", user.toString(), "price", price)).statusCode(201).extract().path("id");
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status, String code) {
        return response.statusCode(status)
                .contentType(PROBLEM)
                .body("status", equalTo(status))
                .body("code", equalTo(code))
                .body("title", notNullValue());
    }

    private static void awaitStatus(UUID id, String status) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/orders/{id}", id).then().statusCode(200).body("status", equalTo(status)));
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
        billing.stubFor(post(PAYMENTS).willReturn(answer));
    }

    private static ResponseDefinitionBuilder payment(int status, String outcome, String reason) {
        Map<String, Object> body = new HashMap<>(Map.of("paymentId", UUID.randomUUID().toString(),
                "amount", 1, "currency", "USD", "status", outcome));
        if (reason != null) {
            body.put("reason", reason);
        }
        try {
            return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                    .withBody(JSON.writeValueAsString(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RequestPatternBuilder paymentsOf(UUID user) {
        return postRequestedFor(urlEqualTo(PAYMENTS))
                .withRequestBody(matchingJsonPath("$.userId", WireMock.equalTo(user.toString())));
    }
}
