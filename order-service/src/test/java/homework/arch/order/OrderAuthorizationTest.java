package homework.arch.order;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
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
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import homework.arch.testsupport.BillingStub;
import homework.arch.testsupport.BillingStub.InjectBillingStub;
import homework.arch.testsupport.PublishedEvents;
import homework.arch.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who may do what: every request needs a valid access token, a user sees and places only their own orders, their
 * Idempotency-Keys are theirs alone, and a refused request writes nothing, pays nothing and publishes nothing. Billing
 * is paid with order-service's own credential, with or without a user's request behind it.
 */
@QuarkusTest
@WithTestResource(BillingStub.class)
class OrderAuthorizationTest {

    @InjectBillingStub
    WireMockServer billing;

    @BeforeEach
    void billingPays() {
        billing.resetAll();
        billing.stubFor(payments().willReturn(payment(201, "SUCCEEDED", null)));
    }

    @AfterEach
    void billingWasCalledWithTheServiceCredentialOnly() {
        assertBillingSawOnlyTheServiceCredential(billing);
    }

    /** Every endpoint, called with the request given. */
    private static List<Function<RequestSpecification, ValidatableResponse>> everyEndpoint(UUID user, UUID order) {
        return List.of(
                request -> request.contentType(ContentType.JSON)
                        .body(Map.of("id", order.toString(), "userId", user.toString(), "price", 5))
                        .post("/orders").then(),
                request -> request.get("/orders/{id}", order).then(),
                request -> request.queryParam("userId", user).get("/orders").then(),
                request -> request.get("/orders").then());
    }

    @Test
    void withoutATokenEveryEndpointIsUnauthenticatedAndNothingIsWritten() {
        UUID user = UUID.randomUUID();
        UUID order = UUID.randomUUID();

        everyEndpoint(user, order).forEach(endpoint ->
                problem(endpoint.apply(given()), 401, "unauthenticated")
                        .header("WWW-Authenticate", startsWith("Bearer")));

        assertNothingWasWrittenFor(user, order);
    }

    @Test
    void aServiceCredentialIsNoUsersToken() {
        UUID user = UUID.randomUUID();
        UUID order = UUID.randomUUID();

        everyEndpoint(user, order).forEach(endpoint -> endpoint.apply(
                        given().auth().preemptive().basic(OrderApi.CREDENTIAL.username, OrderApi.CREDENTIAL.password))
                .statusCode(401)
                .contentType(PROBLEM)
                .header("WWW-Authenticate", startsWith("Bearer")));

        assertNothingWasWrittenFor(user, order);
    }

    @Test
    void everyRefusedTokenIsAnInvalidTokenAndNothingIsWritten() {
        UUID user = UUID.randomUUID();
        UUID order = UUID.randomUUID();
        String key = "key-" + UUID.randomUUID();

        TestTokens.refused(user).forEach((what, token) -> everyEndpoint(user, order).forEach(endpoint ->
                problem(endpoint.apply(given().header("Authorization", "Bearer " + token)
                        .header("Idempotency-Key", key)), 401, "invalid_token")
                        .header("WWW-Authenticate", startsWith("Bearer"))));

        assertNothingWasWrittenFor(user, order);
        // Nor was the key taken: its first real use places the order.
        placeWithKey(user, key, Map.of("price", 5)).statusCode(201).header("Idempotency-Replayed", nullValue());
    }

    @Test
    void aTokenOfThePreviousKeyIsStillAccepted() {
        UUID user = UUID.randomUUID();
        String id = place(user, Map.of("price", 2)).statusCode(201).extract().path("id");

        given().header("Authorization", "Bearer " + TestTokens.ofPreviousKey(user)).get("/orders/{id}", id)
                .then().statusCode(200).body("userId", equalTo(user.toString()));
    }

    @Test
    void anOrderLeftWithoutAUserIsTheCallers() {
        UUID user = UUID.randomUUID();

        String id = place(user, Map.of("price", 3)).statusCode(201)
                .body("userId", equalTo(user.toString()))
                .extract().path("id");

        billing.verify(1, paymentsOf(user));
        as(user).get("/orders").then().statusCode(200).body("items.id", equalTo(List.of(id)));
    }

    @Test
    void anOrderForAnotherUserIsForbiddenAndNothingHappens() throws Exception {
        UUID caller = UUID.randomUUID();
        UUID victim = UUID.randomUUID();
        UUID order = UUID.randomUUID();
        String key = "key-" + UUID.randomUUID();
        try (PublishedEvents events = PublishedEvents.on("orders", "order.*")) {
            problem(place(caller, Map.of("id", order.toString(), "userId", victim.toString(), "price", 5)),
                    403, "forbidden");
            problem(placeWithKey(caller, key, Map.of("id", order.toString(), "userId", victim.toString(),
                    "price", 5)), 403, "forbidden");

            assertNothingWasWrittenFor(victim, order);
            billing.verify(0, postRequestedFor(urlEqualTo(PAYMENTS)));
            // The relay keeps commit order: once an order placed afterwards is published, none for the refused is.
            String marker = place(caller, Map.of("price", 1)).statusCode(201).extract().path("id");
            assertThat(events.upTo(PublishedEvents.withField("orderId", marker)))
                    .noneMatch(PublishedEvents.withField("orderId", order))
                    .noneMatch(PublishedEvents.withField("userId", victim));
        }
        // The refused request did not take the caller's key either.
        placeWithKey(caller, key, Map.of("price", 5)).statusCode(201).header("Idempotency-Replayed", nullValue());
    }

    @Test
    void anotherUsersOrderIsNotFoundLikeOneThatDoesNotExist() {
        UUID owner = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        String id = place(owner, Map.of("price", 4)).statusCode(201).extract().path("id");
        UUID missing = UUID.randomUUID();

        String unknown = problem(as(other).get("/orders/{id}", missing).then(), 404, "order_not_found")
                .extract().asString();
        String foreign = problem(as(other).get("/orders/{id}", id).then(), 404, "order_not_found")
                .extract().asString();

        assertThat(foreign).isEqualTo(unknown.replace(missing.toString(), id));
        as(owner).get("/orders/{id}", id).then().statusCode(200);
    }

    @Test
    void aUserListsTheirOwnOrdersOnly() {
        UUID owner = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        String mine = place(owner, Map.of("price", 1)).statusCode(201).extract().path("id");
        String theirs = place(other, Map.of("price", 2)).statusCode(201).extract().path("id");

        problem(as(other).queryParam("userId", owner).get("/orders").then(), 403, "forbidden");
        as(owner).get("/orders").then().statusCode(200).body("items.id", equalTo(List.of(mine)));
        as(owner).queryParam("userId", owner).get("/orders").then().statusCode(200)
                .body("items.id", equalTo(List.of(mine)));
        as(other).get("/orders").then().statusCode(200).body("items.id", equalTo(List.of(theirs)));
    }

    @Test
    void oneKeyOfTwoUsersIsTwoIndependentOrders() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        String key = "key-" + UUID.randomUUID();

        String firstId = placeWithKey(first, key, Map.of("price", 10)).statusCode(201)
                .header("Idempotency-Replayed", nullValue())
                .body("userId", equalTo(first.toString()))
                .extract().path("id");
        // The same body, and then another one: neither a replay of the first user's order nor a reuse of their key.
        String secondId = placeWithKey(second, key, Map.of("price", 10)).statusCode(201)
                .header("Idempotency-Replayed", nullValue())
                .body("userId", equalTo(second.toString()))
                .body("id", not(equalTo(firstId)))
                .extract().path("id");
        placeWithKey(second, key, Map.of("price", 10)).statusCode(201)
                .header("Idempotency-Replayed", equalTo("true"))
                .body("id", equalTo(secondId));
        String third = "key-" + UUID.randomUUID();
        placeWithKey(first, third, Map.of("price", 10)).statusCode(201);
        placeWithKey(second, third, Map.of("price", 99)).statusCode(201).body("price", equalTo(99.0f));

        billing.verify(2, paymentsOf(first));
        billing.verify(2, paymentsOf(second));
    }

    @Test
    void aKeyInProgressForOneUserDoesNotBlockAnother() {
        UUID slow = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        String key = "key-" + UUID.randomUUID();
        billing.stubFor(payments().withRequestBody(matchingJsonPath("$.userId", WireMock.equalTo(slow.toString())))
                .willReturn(payment(201, "SUCCEEDED", null).withFixedDelay(5_000)));

        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(
                () -> placeWithKey(slow, key, Map.of("price", 7)).extract().statusCode());
        await().atMost(Duration.ofSeconds(30)).until(() -> !billing.findAll(paymentsOf(slow)).isEmpty());

        placeWithKey(other, key, Map.of("price", 7)).statusCode(201)
                .header("Idempotency-Replayed", nullValue())
                .body("userId", equalTo(other.toString()))
                .body("status", equalTo("PAID"));
        assertThat(first.join()).isEqualTo(202);
    }

    @Test
    void billingRefusingTheCredentialNeverCancelsAnOrderAndTheReconcilerPaysItLater() {
        billing.stubFor(payments().willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", PROBLEM)
                .withBody("{\"status\":401,\"code\":\"unauthenticated\",\"title\":\"Unauthorized\"}")));
        UUID user = UUID.randomUUID();

        String id = place(user, Map.of("price", 6)).statusCode(202)
                .body("status", equalTo("PENDING"))
                .extract().path("id");

        // No user's request is behind the reconciler: its payment carries order-service's credential alone.
        billingPays();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                as(user).get("/orders/{id}", id).then().statusCode(200).body("status", equalTo("PAID")));
        assertThat(billing.findAll(paymentsOf(user)))
                .isNotEmpty()
                .allSatisfy(request -> assertThat(request.getBodyAsString()).contains(id));
    }

    @Test
    void theApiDocumentDeclaresTheBearerScheme() {
        given().queryParam("format", "json").get("/orders/openapi").then().statusCode(200)
                .body("components.securitySchemes.bearer.type", equalTo("http"))
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("paths.'/orders'.post.security.bearer", hasItem(List.of()))
                .body("paths.'/orders/{id}'.get.responses.'401'", not(nullValue()));
    }

    /** Neither the order nor any other of {@code user}'s exists, and billing was not asked to pay for them. */
    private void assertNothingWasWrittenFor(UUID user, UUID order) {
        problem(as(user).get("/orders/{id}", order).then(), 404, "order_not_found");
        as(user).get("/orders").then().statusCode(200).body("items", equalTo(List.of()));
        billing.verify(0, paymentsOf(user));
        billing.verify(0, postRequestedFor(urlEqualTo(PAYMENTS))
                .withRequestBody(matchingJsonPath("$.orderId", WireMock.equalTo(order.toString()))));
    }
}
