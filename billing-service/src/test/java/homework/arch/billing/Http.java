package homework.arch.billing;

import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.util.UUID;

/** The billing API as the tests use it: JSON numbers read exactly, problems checked in full. */
public final class Http {

    public static final String PROBLEM_JSON = "application/problem+json";

    private Http() {
    }

    /** A request whose JSON numbers are read as BigDecimal: exactly what was sent, never a float. */
    public static RequestSpecification given() {
        return RestAssured.given().config(RestAssured.config()
                .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL)));
    }

    public static RequestSpecification json() {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    public static RequestSpecification json(String idempotencyKey) {
        return json().header("Idempotency-Key", idempotencyKey);
    }

    public static ValidatableResponse open(UUID userId) {
        return json().body("{\"userId\":\"" + userId + "\"}").post("/billing/accounts").then();
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
        return json().body(amount(amount)).post("/billing/accounts/" + userId + "/deposits").then();
    }

    public static ValidatableResponse withdraw(UUID userId, String amount) {
        return json().body(amount(amount)).post("/billing/accounts/" + userId + "/withdrawals").then();
    }

    public static ValidatableResponse transfer(UUID from, UUID to, String amount) {
        return json().body(transferBody(from, to, amount)).post("/billing/transfers").then();
    }

    public static String transferBody(UUID from, UUID to, String amount) {
        return "{\"fromUserId\":\"" + from + "\",\"toUserId\":\"" + to + "\",\"amount\":" + amount + "}";
    }

    public static ValidatableResponse hold(UUID userId, String amount, Integer expiresInSeconds) {
        return json().body("{\"userId\":\"" + userId + "\",\"amount\":" + amount
                + (expiresInSeconds == null ? "" : ",\"expiresInSeconds\":" + expiresInSeconds) + "}")
                .post("/billing/holds").then();
    }

    public static ValidatableResponse account(UUID userId) {
        return given().get("/billing/accounts/" + userId).then();
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
