package homework.arch.user;

import homework.arch.testsupport.BillingStub;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** Health and metrics on the management port (not routed by the ingress), the API docs beside the API. */
@QuarkusTest
@WithTestResource(BillingStub.class)
class OperationsTest {

    @TestHTTPResource(value = "/health/ready", management = true)
    URL readiness;

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @Test
    void readinessMetricsAndApiDocsAreServed() {
        given().get(readiness).then().statusCode(200).body("status", equalTo("UP"));
        given().get(metrics).then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().get("/users/openapi").then().statusCode(200).body(containsString("/users/{id}"));
        given().get("/users/swagger-ui/").then().statusCode(200);
    }
}
