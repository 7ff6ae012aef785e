package homework.arch.billing.api;

import static homework.arch.billing.Http.accountWith;
import static homework.arch.billing.Http.amount;
import static homework.arch.billing.Http.as;
import static homework.arch.billing.Http.assertProblem;
import static homework.arch.billing.Http.available;
import static homework.arch.billing.Http.held;
import static homework.arch.billing.Http.hold;
import static homework.arch.billing.Http.json;
import static homework.arch.billing.Http.newAccount;
import static homework.arch.billing.Http.pay;
import static homework.arch.billing.Http.service;
import static homework.arch.billing.Http.statement;
import static homework.arch.billing.Http.transferBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;

import homework.arch.billing.Http;
import homework.arch.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every public endpoint wants a user's valid access token: without one it answers 401 {@code unauthenticated} with a
 * Bearer challenge, with a bad one 401 {@code invalid_token}, and either way it reads and writes nothing.
 */
@QuarkusTest
class AuthenticationTest {

    private UUID user;
    private String statementBefore;
    private Map<String, Function<RequestSpecification, Response>> endpoints;

    @BeforeEach
    void anAccountWithAHoldAndAPayment() {
        user = accountWith("100");
        UUID payee = newAccount();
        String holdId = hold(user, "10", null).statusCode(201).extract().path("id");
        String paymentId = pay(UUID.randomUUID(), user, "5").statusCode(201).extract().path("paymentId");
        statementBefore = statement(user).statusCode(200).extract().asString();
        String account = "/billing/accounts/" + user;
        String holds = "/billing/holds/" + holdId;
        endpoints = new LinkedHashMap<>();
        endpoints.put("account", request -> request.get(account));
        endpoints.put("deposit", request -> request.body(amount("1")).post(account + "/deposits"));
        endpoints.put("withdrawal", request -> request.body(amount("1")).post(account + "/withdrawals"));
        endpoints.put("statement", request -> request.get(account + "/transactions"));
        endpoints.put("transfer", request -> request.body(transferBody(user, payee, "1")).post("/billing/transfers"));
        endpoints.put("place hold", request -> request.body("{\"amount\":1}").post("/billing/holds"));
        endpoints.put("hold", request -> request.get(holds));
        endpoints.put("capture", request -> request.body("{}").post(holds + "/capture"));
        endpoints.put("release", request -> request.body("{}").post(holds + "/release"));
        endpoints.put("payment", request -> request.get("/billing/payments/" + paymentId));
    }

    @Test
    void withoutATokenEveryEndpointAsksForOne() {
        endpoints.forEach((name, call) -> assertProblem(call.apply(json()).then(), 401, "unauthenticated")
                .header("WWW-Authenticate", startsWith("Bearer")));

        assertUntouched();
    }

    @Test
    void everyRefusedTokenIsAnInvalidTokenOnEveryEndpoint() {
        TestTokens.refused(user).forEach((what, token) -> endpoints.forEach((name, call) -> {
            Response response = call.apply(json().header("Authorization", "Bearer " + token));
            assertThat(response.statusCode()).as(what + " on " + name + ": " + response.asString()).isEqualTo(401);
            assertProblem(response.then(), 401, "invalid_token");
        }));

        assertUntouched();
    }

    @Test
    void aServicesCredentialIsNoUsersToken() {
        endpoints.forEach((name, call) -> assertProblem(call.apply(service(Http.USER_SERVICE)).then(), 401,
                "invalid_token"));

        assertUntouched();
    }

    @Test
    void aTokenOfThePreviousKeyStillVerifies() {
        json().header("Authorization", "Bearer " + TestTokens.ofPreviousKey(user))
                .get("/billing/accounts/" + user).then().statusCode(200);
    }

    private void assertUntouched() {
        assertThat(available(user)).isEqualByComparingTo("85");
        assertThat(held(user)).isEqualByComparingTo("10");
        assertThat(as(user).get("/billing/accounts/" + user + "/transactions").then().extract().asString())
                .isEqualTo(statementBefore);
    }
}
