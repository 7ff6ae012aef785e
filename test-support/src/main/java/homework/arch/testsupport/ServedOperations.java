package homework.arch.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * Health and metrics on the management port (not routed by the ingress), the API docs beside the API: what every
 * service serves alike, checked by a {@code @QuarkusTest} subclass that names its API's path prefix and one of the
 * paths its document must describe.
 */
public abstract class ServedOperations {

    @TestHTTPResource(value = "/health/ready", management = true)
    URL readiness;

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    private final String prefix;
    private final String documentedPath;

    protected ServedOperations(String prefix, String documentedPath) {
        this.prefix = prefix;
        this.documentedPath = documentedPath;
    }

    @Test
    void readinessMetricsAndApiDocsAreServed() {
        given().get(readiness).then().statusCode(200).body("status", equalTo("UP"));
        given().get(metrics).then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().get(prefix + "/openapi").then().statusCode(200).body(containsString(documentedPath));
        given().get(prefix + "/swagger-ui/").then().statusCode(200);
    }
}
