package homework.arch.notification.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class NotificationResourceTest {

    private static final String UUID_REGEX = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    // relative to the management root, /q
    @TestHTTPResource(value = "/health/ready", management = true)
    URL readiness;

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @Test
    void aUserWithoutLettersHasAnEmptyLastPage() {
        given().queryParam("userId", UUID.randomUUID())
                .when().get("/notifications")
                .then().statusCode(200)
                .contentType("application/json")
                .body("items", empty())
                .body("$", org.hamcrest.Matchers.hasKey("nextCursor"))
                .body("nextCursor", nullValue());
    }

    @Test
    void theUserIsRequired() {
        given().when().get("/notifications")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("validation_failed"))
                .body("violations[0].field", equalTo("userId"))
                .body("violations[0].message", equalTo("is required"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "42", "not-a-uuid", "5b2f0c1e-8d4a-4f6b-b3c2-9e7a1d0f4c2", " " })
    void theUserMustBeAUuid(String userId) {
        given().queryParam("userId", userId)
                .when().get("/notifications")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("validation_failed"))
                .body("violations[0].field", equalTo("userId"))
                .body("violations[0].message", equalTo("must be a UUID"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "501", "-1", "abc", "1.5", "050" })
    void theLimitIsAWholeNumberFromOneTo500(String limit) {
        given().queryParam("userId", UUID.randomUUID()).queryParam("limit", limit)
                .when().get("/notifications")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("validation_failed"))
                .body("violations[0].field", equalTo("limit"))
                .body("violations[0].message", equalTo("must be a whole number from 1 to 500"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "1", "500" })
    void limitsAtTheBoundsAreAccepted(String limit) {
        given().queryParam("userId", UUID.randomUUID()).queryParam("limit", limit)
                .when().get("/notifications")
                .then().statusCode(200);
    }

    @ParameterizedTest
    @ValueSource(strings = { "garbage", "MTIzLjQ1Ng", "bm90LWEtY3Vyc29y" })
    void aCursorThisServiceDidNotIssueIsRejected(String cursor) {
        given().queryParam("userId", UUID.randomUUID()).queryParam("cursor", cursor)
                .when().get("/notifications")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_cursor"));
    }

    @Test
    void theCallersCorrelationIdIsEchoed() {
        given().header("X-Correlation-Id", "trace-42.a:b")
                .queryParam("userId", UUID.randomUUID())
                .when().get("/notifications")
                .then().statusCode(200)
                .header("X-Correlation-Id", equalTo("trace-42.a:b"));
    }

    @Test
    void aRequestWithoutUsableCorrelationIdGetsANewOneEvenOnErrors() {
        given().when().get("/notifications")
                .then().statusCode(400)
                .header("X-Correlation-Id", matchesPattern(UUID_REGEX));
        given().header("X-Correlation-Id", "bad id\twith spaces")
                .queryParam("userId", UUID.randomUUID())
                .when().get("/notifications")
                .then().statusCode(200)
                .header("X-Correlation-Id", matchesPattern(UUID_REGEX));
    }

    @Test
    void openApiAndSwaggerUiAreUnderTheServicePrefix() {
        given().when().get("/notifications/openapi")
                .then().statusCode(200)
                .body(containsString("/notifications"));
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
}
