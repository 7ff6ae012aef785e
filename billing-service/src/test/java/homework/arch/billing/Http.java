package homework.arch.billing;

import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import homework.arch.testsupport.TestTokens;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * The billing API as the tests use it: JSON numbers read exactly, problems checked in full, each request made by a
 * user with their access token (or by a service with its credential, for the internal operations).
 */
public final class Http {

    public static final String PROBLEM_JSON = "application/problem+json";
    public static final String USER_SERVICE = "user-service";
    public static final String ORDER_SERVICE = "order-service";
    /** The services' credentials of the test profile (application.properties). */
    private static final Map<String, String> PASSWORDS = Map.of(USER_SERVICE, "test-only-user-service-credential",
            ORDER_SERVICE, "test-only-order-service-credential");

    private Http() {
    }

    /** A request without credentials; JSON numbers are read as BigDecimal: exactly what was sent, never a float. */
    public static RequestSpecification given() {
        return RestAssured.given().config(RestAssured.config()
                .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL)));
    }

    /** A request of {@code user}, with their access token. */
    public static RequestSpecification as(UUID user) {
        return given().header("Authorization", TestTokens.bearer(user));
    }

    /** A JSON request without credentials. */
    public static RequestSpecification json() {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    /** A JSON request of {@code user}. */
    public static RequestSpecification json(UUID user) {
        return json().header("Authorization", TestTokens.bearer(user));
    }

    public static RequestSpecification json(UUID user, String idempotencyKey) {
        return json(user).header("Idempotency-Key", idempotencyKey);
    }

    /** A JSON request of a service (user-service, order-service) with its credential. */
    public static RequestSpecification service(String name) {
        return json().auth().preemptive().basic(name, PASSWORDS.get(name));
    }

    /** The Authorization header of a service with its credential. */
    public static String basic(String service) {
        return "Basic " + Base64.getEncoder().encodeToString((service + ":" + PASSWORDS.get(service))
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Opens an account as user-service does. */
    public static ValidatableResponse open(UUID userId) {
        return service(USER_SERVICE).body(openBody(userId)).post("/internal/billing/accounts").then();
    }

    public static String openBody(UUID userId) {
        return "{\"userId\":\"" + userId + "\"}";
    }

    /** Pays an order as order-service does. */
    public static ValidatableResponse pay(UUID orderId, UUID userId, String amount) {
        return service(ORDER_SERVICE).body(payBody(orderId, userId, amount)).post("/internal/billing/payments").then();
    }

    public static String payBody(UUID orderId, UUID userId, String amount) {
        return "{\"orderId\":\"" + orderId + "\",\"userId\":\"" + userId + "\",\"amount\":" + amount + "}";
    }

    public static UUID newAccount() {
        UUID userId = UUID.randomUUID();
        open(userId).statusCode(201);
        return userId;
    }

    public static UUID accountWith(String amount) {
        UUID userId = newAccount();
        deposit(userId, amount).statusCode(201);
        return userId;
    }

    public static ValidatableResponse deposit(UUID userId, String amount) {
        return json(userId).body(amount(amount)).post("/billing/accounts/" + userId + "/deposits").then();
    }

    public static ValidatableResponse withdraw(UUID userId, String amount) {
        return json(userId).body(amount(amount)).post("/billing/accounts/" + userId + "/withdrawals").then();
    }

    /** A transfer by its payer. */
    public static ValidatableResponse transfer(UUID from, UUID to, String amount) {
        return json(from).body(transferBody(from, to, amount)).post("/billing/transfers").then();
    }

    public static String transferBody(UUID from, UUID to, String amount) {
        return "{\"fromUserId\":\"" + from + "\",\"toUserId\":\"" + to + "\",\"amount\":" + amount + "}";
    }

    /** A hold placed by its owner. */
    public static ValidatableResponse hold(UUID userId, String amount, Integer expiresInSeconds) {
        return json(userId).body("{\"userId\":\"" + userId + "\",\"amount\":" + amount
                + (expiresInSeconds == null ? "" : ",\"expiresInSeconds\":" + expiresInSeconds) + "}")
                .post("/billing/holds").then();
    }

    public static ValidatableResponse account(UUID userId) {
        return as(userId).get("/billing/accounts/" + userId).then();
    }

    /** The newest entries of the user's statement, as the user sees them. */
    public static ValidatableResponse statement(UUID userId) {
        return as(userId).get("/billing/accounts/" + userId + "/transactions").then();
    }

    public static BigDecimal available(UUID userId) {
        return account(userId).statusCode(200).extract().path("available");
    }

    public static BigDecimal held(UUID userId) {
        return account(userId).statusCode(200).extract().path("held");
    }

    public static String amount(String amount) {
        return "{\"amount\":" + amount + "}";
    }

    /** An RFC 9457 problem with our stable code. */
    public static ValidatableResponse assertProblem(ValidatableResponse response, int status, String code) {
        return response.statusCode(status)
                .contentType(PROBLEM_JSON)
                .body("status", is(status))
                .body("code", is(code))
                .body("type", endsWith("/" + code))
                .body("title", notNullValue())
                .body("detail", notNullValue());
    }
}
