package homework.arch.billing;

import static homework.arch.billing.Http.accountWith;
import static homework.arch.billing.Http.as;
import static homework.arch.billing.Http.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Health, metrics and the reconciliation live on the management port, which the ingress does not route. */
@QuarkusTest
public class ManagementInterfaceTest {

    @TestHTTPResource(value = "", management = true)
    URL managementRoot;

    /** The URL of {@code path} below the management root, {@code /q/}. */
    protected String management(String path) {
        return managementRoot + path;
    }

    @Test
    void healthIsOnTheManagementPortAndReadinessChecksTheDatabase() {
        given().get(management("health/live")).then().statusCode(200).body("status", is("UP"));
        given().get(management("health/ready")).then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem(containsString("PostgreSQL")));

        given().get("/q/health/ready").then().statusCode(404);
    }

    @Test
    void prometheusMetricsCountOperationsByTypeAndOutcome() {
        accountWith("5");
        as(UUID.randomUUID()).post("/billing/holds/" + UUID.randomUUID() + "/release").then().statusCode(404);

        given().get(management("metrics")).then().statusCode(200)
                .body(containsString("billing_operations_total{"))
                .body(containsString("outcome=\"succeeded\",reason=\"none\",type=\"DEPOSIT\""))
                .body(containsString("outcome=\"rejected\",reason=\"hold_not_found\",type=\"RELEASE\""))
                .body(containsString("http_server_requests_seconds"));
        given().get("/q/metrics").then().statusCode(404);
    }

    @Test
    void theReconciliationIsOnTheManagementPortOnly() {
        given().get(management("reconciliation")).then().statusCode(200)
                .contentType("application/json")
                .body("consistent", is(true))
                .body("currency", is("USD"));

        given().get("/q/reconciliation").then().statusCode(404);
    }

    @Test
    void theApiIsDescribedUnderBilling() {
        given().get("/billing/openapi").then().statusCode(200)
                .body(containsString("/billing/accounts/{userId}/withdrawals"))
                .body(containsString("Idempotency-Key"))
                .body(containsString("insufficient_funds"));
        given().get("/billing/swagger-ui/").then().statusCode(200);
    }

    @Test
    void theApiDocumentDeclaresTheBearerSchemeAndHidesTheInternalOperations() {
        given().accept("application/json").get("/billing/openapi?format=json").then().statusCode(200)
                .body("components.securitySchemes.bearer.type", is("http"))
                .body("components.securitySchemes.bearer.scheme", is("bearer"))
                .body("paths.keySet()", everyItem(startsWith("/billing/")))
                .body("paths.keySet()", hasItems("/billing/accounts/{userId}", "/billing/transfers",
                        "/billing/holds", "/billing/payments/{paymentId}"))
                .body("paths.'/billing/transfers'.post.security[0].keySet()", hasItem("bearer"))
                .body(not(containsString("/internal/")))
                .body(not(containsString("open-accounts")));
    }
}
