package homework.arch.billing.api;

import static homework.arch.billing.Http.accountWith;
import static homework.arch.billing.Http.as;
import static homework.arch.billing.Http.assertProblem;
import static homework.arch.billing.Http.available;
import static homework.arch.billing.Http.json;
import static homework.arch.billing.Http.openBody;
import static homework.arch.billing.Http.payBody;
import static homework.arch.billing.Http.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import homework.arch.billing.Http;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Opening accounts and paying orders are for the suite's services only, each with its own credential and role:
 * user-service opens accounts, order-service pays orders. Nobody else gets in, and a refused call changes nothing.
 */
@QuarkusTest
class InternalOperationsTest {

    private static final String ACCOUNTS = "/internal/billing/accounts";
    private static final String PAYMENTS = "/internal/billing/payments";

    @Test
    void onlyUserServiceOpensAccounts() {
        UUID user = UUID.randomUUID();

        refused(ACCOUNTS, openBody(user), user, Http.ORDER_SERVICE);

        assertProblem(as(user).get("/billing/accounts/" + user).then(), 404, "account_not_found");
        service(Http.USER_SERVICE).body(openBody(user)).post(ACCOUNTS).then().statusCode(201)
                .body("userId", is(user.toString()));
    }

    @Test
    void onlyOrderServicePaysOrders() {
        UUID user = accountWith("100");
        UUID order = UUID.randomUUID();

        refused(PAYMENTS, payBody(order, user, "30"), user, Http.USER_SERVICE);

        assertThat(available(user)).isEqualByComparingTo("100");
        service(Http.ORDER_SERVICE).body(payBody(order, user, "30")).post(PAYMENTS).then().statusCode(201)
                .body("status", is("SUCCEEDED"));
        assertThat(available(user)).isEqualByComparingTo("70");
    }

    /** Everyone but the right service is refused: nobody, a user, a wrong password, a stranger, the other service. */
    private static void refused(String path, String body, UUID user, String otherService) {
        assertThat(post(json(), path, body)).isEqualTo(401);
        assertThat(post(json(user), path, body)).as("a user's access token").isEqualTo(401);
        assertThat(post(json().auth().preemptive().basic(Http.USER_SERVICE, "wrong"), path, body)).isEqualTo(401);
        assertThat(post(json().auth().preemptive().basic(Http.ORDER_SERVICE, "wrong"), path, body)).isEqualTo(401);
        assertThat(post(json().auth().preemptive().basic("stranger", "test-only-user-service-credential"), path,
                body)).isEqualTo(401);
        assertProblem(service(otherService).body(body).post(path).then(), 403, "forbidden");
    }

    private static int post(RequestSpecification request, String path, String body) {
        return request.body(body).post(path).then().contentType(Http.PROBLEM_JSON).extract().statusCode();
    }
}
