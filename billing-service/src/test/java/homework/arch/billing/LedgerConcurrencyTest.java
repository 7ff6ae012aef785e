package homework.arch.billing;

import static homework.arch.billing.Http.accountWith;
import static homework.arch.billing.Http.amount;
import static homework.arch.billing.Http.available;
import static homework.arch.billing.Http.as;
import static homework.arch.billing.Http.given;
import static homework.arch.billing.Http.held;
import static homework.arch.billing.Http.hold;
import static homework.arch.billing.Http.transferBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.is;

import homework.arch.testsupport.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The ledger under concurrent HTTP load; afterwards the whole ledger must still reconcile. */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class LedgerConcurrencyTest {

    @TestHTTPResource(value = "reconciliation", management = true)
    URL reconciliation;

    protected String reconciliation() {
        return reconciliation.toString();
    }

    @Test
    @Order(1)
    void parallelWithdrawalsNeverOverdraw() {
        UUID user = accountWith("200");

        List<HttpResponse<String>> responses = Parallel.send(100,
                i -> Parallel.post(TestTokens.bearer(user), "/billing/accounts/" + user + "/withdrawals", null,
                        amount("10")));

        assertThat(statuses(responses)).containsOnlyKeys(201, 409).containsEntry(201, 20L).containsEntry(409, 80L);
        assertThat(responses).filteredOn(r -> r.statusCode() == 409)
                .allSatisfy(r -> assertThat(JsonPath.from(r.body()).getString("code")).isEqualTo("insufficient_funds"));
        assertThat(available(user)).isZero();
        as(user).get("/billing/accounts/" + user + "/transactions?limit=500").then()
                .body("items.size()", is(21))
                .body("items[0].balanceAfter", comparesEqualTo(BigDecimal.ZERO));
    }

    @Test
    @Order(2)
    void parallelTransfersInBothDirectionsNeitherDeadlockNorLoseMoney() {
        UUID a = accountWith("500");
        UUID b = accountWith("500");

        List<HttpResponse<String>> responses = Parallel.send(200, i -> i % 2 == 0
                ? Parallel.post(TestTokens.bearer(a), "/billing/transfers", null, transferBody(a, b, "7"))
                : Parallel.post(TestTokens.bearer(b), "/billing/transfers", null, transferBody(b, a, "5")));

        assertThat(statuses(responses).keySet()).isSubsetOf(201, 409);
        long aToB = succeeded(responses, a);
        long bToA = succeeded(responses, b);
        assertThat(aToB + bToA).isEqualTo(statuses(responses).getOrDefault(201, 0L));
        assertThat(available(a)).isEqualByComparingTo(BigDecimal.valueOf(500 - 7 * aToB + 5 * bToA));
        assertThat(available(b)).isEqualByComparingTo(BigDecimal.valueOf(500 + 7 * aToB - 5 * bToA));
        assertThat(available(a).add(available(b))).isEqualByComparingTo("1000");
    }

    @Test
    @Order(3)
    void parallelRequestsWithOneIdempotencyKeyHaveOneEffect() {
        UUID user = accountWith("100");
        String key = UUID.randomUUID().toString();

        List<HttpResponse<String>> responses = Parallel.send(20,
                i -> Parallel.post(TestTokens.bearer(user), "/billing/accounts/" + user + "/withdrawals", key,
                        amount("10")));

        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(201));
        assertThat(responses.stream().map(HttpResponse::body).distinct()).hasSize(1);
        assertThat(responses).filteredOn(r -> r.headers().firstValue("Idempotency-Replayed").isPresent())
                .hasSize(19);
        assertThat(available(user)).isEqualByComparingTo("90");
        as(user).get("/billing/accounts/" + user + "/transactions").then().body("items.size()", is(2));
    }

    @Test
    @Order(4)
    void parallelPaymentsOfOneOrderDebitOnce() {
        UUID user = accountWith("100");
        UUID order = UUID.randomUUID();

        List<HttpResponse<String>> responses = Parallel.send(20, i -> Parallel.post(Http.basic(Http.ORDER_SERVICE),
                "/internal/billing/payments", null, Http.payBody(order, user, "30")));

        assertThat(statuses(responses)).containsOnly(Map.entry(201, 1L), Map.entry(200, 19L));
        assertThat(responses.stream().map(r -> JsonPath.from(r.body()).getString("paymentId")).distinct())
                .hasSize(1);
        assertThat(available(user)).isEqualByComparingTo("70");
    }

    @Test
    @Order(5)
    void parallelCapturesAndReleasesOfOneHoldDecideOnce() {
        UUID user = accountWith("100");
        String hold = hold(user, "40", null).statusCode(201).extract().path("id");

        List<HttpResponse<String>> responses = Parallel.send(20, i -> Parallel.post(TestTokens.bearer(user),
                "/billing/holds/" + hold + (i % 2 == 0 ? "/capture" : "/release"), null, "{}"));

        assertThat(statuses(responses)).containsOnly(Map.entry(200, 1L), Map.entry(409, 19L));
        String status = as(user).get("/billing/holds/" + hold).then().extract().path("status");
        assertThat(available(user)).isEqualByComparingTo("CAPTURED".equals(status) ? "60" : "100");
        assertThat(held(user)).isZero();
    }

    @Test
    @Order(6)
    void parallelHoldsNeverBlockMoreThanIsAvailable() {
        UUID user = accountWith("50");

        List<HttpResponse<String>> responses = Parallel.send(20, i -> Parallel.post(TestTokens.bearer(user),
                "/billing/holds", null, "{\"userId\":\"" + user + "\",\"amount\":10}"));

        assertThat(statuses(responses)).containsOnly(Map.entry(201, 5L), Map.entry(409, 15L));
        assertThat(held(user)).isEqualByComparingTo("50");
        assertThat(available(user)).isZero();
    }

    @Test
    @Order(100)
    void theWholeLedgerReconcilesAfterwards() {
        given().get(reconciliation()).then().statusCode(200)
                .body("consistent", is(true))
                .body("accountsNotMatchingJournal", is(0))
                .body("accountsNotMatchingHolds", is(0))
                .body("postingsWithWrongBalanceAfter", is(0))
                .body("unbalancedTransactions", is(0))
                .body("transactionsWithoutPostings", is(0));
    }

    private static Map<Integer, Long> statuses(List<HttpResponse<String>> responses) {
        return responses.stream().collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
    }

    /** How many of the successful transfers were paid by {@code payer}. */
    private static long succeeded(List<HttpResponse<String>> responses, UUID payer) {
        return responses.stream().filter(r -> r.statusCode() == 201)
                .map(r -> JsonPath.from(r.body()).getString("userId"))
                .filter(payer.toString()::equals)
                .count();
    }
}
