package homework.arch.order;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static homework.arch.order.OrderApi.PAYMENTS;
import static homework.arch.order.OrderApi.as;
import static homework.arch.order.OrderApi.payment;
import static homework.arch.order.OrderApi.payments;
import static homework.arch.order.OrderApi.paymentsOf;
import static homework.arch.order.OrderApi.place;
import static homework.arch.order.OrderApi.placeFor;
import static homework.arch.order.OrderApi.placeWithKey;
import static homework.arch.testsupport.Problems.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.github.tomakehurst.wiremock.client.WireMock;
import homework.arch.testsupport.BillingStub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The order API around the payment flow (which is OrderResourceTest's): Idempotency-Keys, what it refuses to read,
 * listing, correlation ids. The caller is always the user the request is about.
 */
@QuarkusTest
@WithTestResource(BillingStub.class)
class OrderRequestsTest extends WithPayingBilling {

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
        billing.stubFor(payments().willReturn(payment(201, "SUCCEEDED", null).withFixedDelay(5_000)));
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
}
