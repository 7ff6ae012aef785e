package homework.arch.notification.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import homework.arch.testsupport.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class NotificationResourceTest {

    private static final String PROBLEM = "application/problem+json";

    // relative to the management root, /q
    @TestHTTPResource(value = "/health/ready", management = true)
    URL readiness;

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    private final UUID user = UUID.randomUUID();

    @Test
    void aUserWithoutLettersHasAnEmptyLastPage() {
        asUser().queryParam("userId", user)
                .when().get("/notifications")
                .then().statusCode(200)
                .contentType("application/json")
                .body("items", empty())
                .body("$", hasKey("nextCursor"))
                .body("nextCursor", nullValue());
    }

    @Test
    void withoutAUserIdTheCallersOwnLettersAreListed() {
        asUser().when().get("/notifications")
                .then().statusCode(200)
                .body("items", empty())
                .body("nextCursor", nullValue());
    }

    @Test
    void anotherUsersLettersAreForbidden() {
        asUser().queryParam("userId", UUID.randomUUID())
                .when().get("/notifications")
                .then().statusCode(403)
                .contentType(PROBLEM)
                .body("status", equalTo(403))
                .body("code", equalTo("forbidden"));
    }

    @Test
    void withoutATokenNothingIsListed() {
        given().queryParam("userId", user)
                .when().get("/notifications")
                .then().statusCode(401)
                .contentType(PROBLEM)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("code", equalTo("unauthenticated"));
    }

    @Test
    void aTokenThatIsNotOneOfOursIsRefused() {
        TestTokens.refused(user).forEach((what, token) -> given().header("Authorization", "Bearer " + token)
                .queryParam("userId", user)
                .when().get("/notifications")
                .then().statusCode(401)
                .contentType(PROBLEM)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("code", equalTo("invalid_token")));
    }

    @ParameterizedTest
    @ValueSource(strings = { "42", "not-a-uuid", "5b2f0c1e-8d4a-4f6b-b3c2-9e7a1d0f4c2", " " })
    void theUserMustBeAUuid(String userId) {
        asUser().queryParam("userId", userId)
                .when().get("/notifications")
                .then().statusCode(400)
                .contentType(PROBLEM)
                .body("code", equalTo("validation_failed"))
                .body("violations[0].field", equalTo("userId"))
                .body("violations[0].message", equalTo("must be a UUID"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "501", "-1", "abc", "1.5", "050" })
    void theLimitIsAWholeNumberFromOneTo500(String limit) {
        asUser().queryParam("userId", user).queryParam("limit", limit)
                .when().get("/notifications")
                .then().statusCode(400)
                .contentType(PROBLEM)
                .body("code", equalTo("validation_failed"))
                .body("violations[0].field", equalTo("limit"))
                .body("violations[0].message", equalTo("must be a whole number from 1 to 500"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "1", "500" })
    void limitsAtTheBoundsAreAccepted(String limit) {
        asUser().queryParam("userId", user).queryParam("limit", limit)
                .when().get("/notifications")
                .then().statusCode(200);
    }

    @ParameterizedTest
    @ValueSource(strings = { "garbage", "MTIzLjQ1Ng", "bm90LWEtY3Vyc29y" })
    void aCursorThisServiceDidNotIssueIsRejected(String cursor) {
        asUser().queryParam("userId", user).queryParam("cursor", cursor)
                .when().get("/notifications")
                .then().statusCode(400)
                .contentType(PROBLEM)
                .body("code", equalTo("invalid_cursor"));
    }

    @Test
    void theCallersCorrelationIdIsEchoed() {
        asUser().header("X-Correlation-Id", "trace-42.a:b")
                .queryParam("userId", user)
                .when().get("/notifications")
                .then().statusCode(200)
                .header("X-Correlation-Id", equalTo("trace-42.a:b"));
    }

    @Test
    void aRequestWithoutUsableCorrelationIdGetsItsTraceIdEvenOnErrors() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String traceparent = "00-" + traceId + "-00f067aa0ba902b7-01";
        given().header("traceparent", traceparent).when().get("/notifications")
                .then().statusCode(401)
                .header("X-Correlation-Id", traceId);
        asUser().header("traceparent", traceparent).header("X-Correlation-Id", "bad id\twith spaces")
                .queryParam("userId", user)
                .when().get("/notifications")
                .then().statusCode(200)
                .header("X-Correlation-Id", traceId);
        given().when().get("/notifications")
                .then().statusCode(401)
                .header("X-Correlation-Id", matchesPattern("[0-9a-f]{32}"));
    }

    @Test
    void openApiAndSwaggerUiAreUnderTheServicePrefixWithTheBearerScheme() {
        given().when().get("/notifications/openapi")
                .then().statusCode(200)
                .body(containsString("/notifications"))
                .body(containsString("bearer"));
        given().accept("application/json").when().get("/notifications/openapi")
                .then().statusCode(200)
                .body("components.securitySchemes.bearer.type", equalTo("http"))
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("paths.'/notifications'.get.security[0].bearer", notNullValue());
        given().when().get("/notifications/swagger-ui/")
                .then().statusCode(200);
    }

    @Test
    void healthAndMetricsAreOnTheManagementPort() {
        given().when().get(readiness)
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks", notNullValue());
        given().when().get(metrics)
                .then().statusCode(200)
                .body(containsString("http_server_requests"));
    }

    /** A request with {@link #user}'s access token. */
    private RequestSpecification asUser() {
        return given().header("Authorization", TestTokens.bearer(user));
    }
}
