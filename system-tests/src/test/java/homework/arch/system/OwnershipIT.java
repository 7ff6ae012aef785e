package homework.arch.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import homework.arch.system.Api.Order;
import homework.arch.system.Api.User;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each user sees and moves only their own money, orders and letters: user B, with B's own valid token, tries every
 * public endpoint on user A's account, hold, order and letters; each is refused (403 for A's user id, 404 for A's
 * objects) and A's balance, statement, hold, orders and letters stay exactly as they were. billing's internal
 * operations are not reachable through the ingress, and billing itself refuses them without a service's credential.
 */
@ExtendWith(StackReady.class)
class OwnershipIT {

    private static final Api API = new Api("ownership");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static User a;
    private static User b;
    private static String hold;
    private static Order order;
    private static String depositKey;

    @BeforeAll
    static void twoUsers() {
        a = API.createUser("Owner Olivia");
        b = API.createUser("Intruder Ivan");
        depositKey = "ownership-" + UUID.randomUUID();
        API.as(a.id()).header("Idempotency-Key", depositKey).body(Map.of("amount", 100))
                .post("/billing/accounts/{id}/deposits", a.id()).then().statusCode(201);
        API.deposit(b.id(), new BigDecimal("50"));
        hold = API.as(a.id()).body(Map.of("amount", 10, "expiresInSeconds", 3600)).post("/billing/holds")
                .then().statusCode(201).extract().path("id");
        order = API.placeOrder(a.id(), new BigDecimal("5"));
        assertThat(order.status()).isEqualTo("PAID");
        API.awaitLetters(a, List.of(order), Duration.ofSeconds(30));
    }

    @Test
    void userBCannotSeeOrMoveAnythingOfUserAAndNothingOfAChanges() {
        Map<String, String> before = stateOfA();
        Map<String, Function<RequestSpecification, ValidatableResponse>> forbidden = new LinkedHashMap<>();
        forbidden.put("A's user", r -> r.get("/users/{id}", a.id()).then());
        forbidden.put("A's balance", r -> r.get("/billing/accounts/{id}", a.id()).then());
        forbidden.put("A's statement", r -> r.get("/billing/accounts/{id}/transactions", a.id()).then());
        forbidden.put("a deposit to A", r -> r.body(Map.of("amount", 1))
                .post("/billing/accounts/{id}/deposits", a.id()).then());
        forbidden.put("a withdrawal from A", r -> r.body(Map.of("amount", 1))
                .post("/billing/accounts/{id}/withdrawals", a.id()).then());
        forbidden.put("a transfer from A to B", r -> r.body(Map.of("fromUserId", a.id(), "toUserId", b.id(),
                "amount", 1)).post("/billing/transfers").then());
        forbidden.put("a hold on A's money", r -> r.body(Map.of("userId", a.id(), "amount", 1))
                .post("/billing/holds").then());
        forbidden.put("an order on A's account", r -> r.body(Map.of("userId", a.id(), "price", 1))
                .post("/orders").then());
        forbidden.put("A's orders", r -> r.queryParam("userId", a.id()).get("/orders").then());
        forbidden.put("A's letters", r -> r.queryParam("userId", a.id()).get("/notifications").then());
        Map<String, Function<RequestSpecification, ValidatableResponse>> hidden = new LinkedHashMap<>();
        hidden.put("A's hold", r -> r.get("/billing/holds/{id}", hold).then());
        hidden.put("capturing A's hold", r -> r.body(Map.of()).post("/billing/holds/{id}/capture", hold).then());
        hidden.put("releasing A's hold", r -> r.post("/billing/holds/{id}/release", hold).then());
        hidden.put("A's order", r -> r.get("/orders/{id}", order.id()).then());

        forbidden.forEach((what, call) -> call.apply(API.as(b.id())).statusCode(403)
                .contentType("application/problem+json").body("code", equalTo("forbidden")));
        hidden.forEach((what, call) -> call.apply(API.as(b.id())).statusCode(404)
                .contentType("application/problem+json"));
        // B's own deposit under the key A used is B's own request: not a replay of A's, not refused.
        API.as(b.id()).header("Idempotency-Key", depositKey).body(Map.of("amount", 100))
                .post("/billing/accounts/{id}/deposits", b.id()).then().statusCode(201)
                .header("Idempotency-Replayed", (String) null).body("userId", equalTo(b.id().toString()));

        assertThat(stateOfA()).isEqualTo(before);
        assertThat(API.account(b.id()).balance()).isEqualByComparingTo("150");
    }

    @Test
    void aTransferAnswersWithTheSendersBalanceOnly() {
        Map<String, Object> balances = API.as(a.id()).body(Map.of("toUserId", b.id(), "amount", 1))
                .post("/billing/transfers").then().statusCode(201).extract().path("balances");

        assertThat(balances).containsOnlyKeys(a.id().toString());
    }

    @Test
    void theInternalOperationsAreNotRoutedByTheIngress() throws IOException, InterruptedException {
        for (String path : List.of("/internal/billing/payments", "/internal/billing/accounts",
                "/billing/../internal/billing/payments", "/billing/%2e%2e/internal/billing/payments",
                "/users/../internal/billing/accounts")) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(Stack.BASE_URL + path))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + API.token(a.id()))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"orderId\":\"" + UUID.randomUUID()
                            + "\",\"userId\":\"" + a.id() + "\",\"amount\":1}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("POST " + path + " through the ingress").isIn(400, 404);
        }
    }

    @Test
    void billingRefusesItsInternalOperationsWithoutAServicesCredential() {
        Map<String, Object> payment = Map.of("orderId", UUID.randomUUID(), "userId", a.id(), "amount", 1);
        BigDecimal before = API.account(a.id()).balance();
        RequestSpecification billing = given().baseUri(Stack.BILLING_URL).contentType("application/json");

        given(billing).body(payment).post("/internal/billing/payments").then().statusCode(401)
                .contentType("application/problem+json");
        given(billing).header("Authorization", "Bearer " + API.token(a.id())).body(payment)
                .post("/internal/billing/payments").then().statusCode(401);
        given(billing).auth().preemptive().basic("order-service", "not the password").body(payment)
                .post("/internal/billing/payments").then().statusCode(401);
        given(billing).auth().preemptive().basic("order-service", "not the password")
                .body(Map.of("userId", UUID.randomUUID())).post("/internal/billing/accounts").then().statusCode(401);

        assertThat(API.account(a.id()).balance()).as("A's balance").isEqualByComparingTo(before);
    }

    /** Everything of A's that B's requests could have touched, as A reads it. */
    private static Map<String, String> stateOfA() {
        Map<String, String> state = new LinkedHashMap<>();
        state.put("account", API.as(a.id()).get("/billing/accounts/{id}", a.id()).then().statusCode(200)
                .extract().asString());
        state.put("statement", API.as(a.id()).queryParam("limit", 500).get("/billing/accounts/{id}/transactions",
                a.id()).then().statusCode(200).extract().asString());
        state.put("hold", API.as(a.id()).get("/billing/holds/{id}", hold).then().statusCode(200).extract().asString());
        state.put("orders", API.as(a.id()).queryParam("userId", a.id()).queryParam("limit", 500).get("/orders")
                .then().statusCode(200).extract().asString());
        state.put("letters", API.as(a.id()).queryParam("limit", 500).get("/notifications")
                .then().statusCode(200).extract().asString());
        return state;
    }
}
