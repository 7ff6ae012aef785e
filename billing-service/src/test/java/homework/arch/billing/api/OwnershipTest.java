package homework.arch.billing.api;

import static homework.arch.billing.Http.accountWith;
import static homework.arch.billing.Http.amount;
import static homework.arch.billing.Http.as;
import static homework.arch.billing.Http.assertProblem;
import static homework.arch.billing.Http.available;
import static homework.arch.billing.Http.held;
import static homework.arch.billing.Http.hold;
import static homework.arch.billing.Http.json;
import static homework.arch.billing.Http.pay;
import static homework.arch.billing.Http.statement;
import static homework.arch.billing.Http.transferBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.nullValue;

import homework.arch.billing.service.OperationExecutor;
import homework.arch.infra.auth.IdempotencyScopes;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bob, with his own valid token, tries everything against Alice's money: a user id of hers is 403 {@code forbidden},
 * her hold or payment is not found, and her balances, holds and statement stay exactly as they were.
 */
@QuarkusTest
class OwnershipTest {

    @Inject
    Pool pool;

    private UUID alice;
    private UUID bob;
    private String alicesHold;
    private String alicesPayment;
    private String alicesStatement;
    private String alicesHoldAsSeen;

    @BeforeEach
    void aliceHasMoneyAHoldAndAPayment() {
        alice = accountWith("100");
        bob = accountWith("50");
        alicesHold = hold(alice, "10", null).statusCode(201).extract().path("id");
        alicesPayment = pay(UUID.randomUUID(), alice, "5").statusCode(201).extract().path("paymentId");
        alicesStatement = statement(alice).statusCode(200).extract().asString();
        alicesHoldAsSeen = as(alice).get("/billing/holds/" + alicesHold).then().statusCode(200).extract().asString();
    }

    @Test
    void anotherUsersIdIsForbiddenAndWritesNothing() {
        String key = UUID.randomUUID().toString();
        String account = "/billing/accounts/" + alice;

        assertProblem(as(bob).get(account).then(), 403, "forbidden");
        assertProblem(json(bob, key).body(amount("1")).post(account + "/deposits").then(), 403, "forbidden");
        assertProblem(json(bob, key).body(amount("1")).post(account + "/withdrawals").then(), 403, "forbidden");
        assertProblem(as(bob).get(account + "/transactions").then(), 403, "forbidden");
        assertProblem(json(bob, key).body(transferBody(alice, bob, "1")).post("/billing/transfers").then(), 403,
                "forbidden");
        assertProblem(json(bob, key).body("{\"userId\":\"" + alice + "\",\"amount\":1}").post("/billing/holds").then(),
                403, "forbidden");

        assertAlicesMoneyUntouched();
        assertThat(available(bob)).isEqualByComparingTo("50");
        // Not even the key is taken: refused before anything was written.
        assertThat(idempotencyRecords(IdempotencyScopes.ofUser(OperationExecutor.IDEMPOTENCY_SERVICE, bob), key))
                .isZero();
    }

    @Test
    void anotherUsersHoldOrPaymentIsNotFound() {
        String hold = "/billing/holds/" + alicesHold;

        assertProblem(as(bob).get(hold).then(), 404, "hold_not_found");
        assertProblem(json(bob).body("{}").post(hold + "/capture").then(), 404, "hold_not_found");
        assertProblem(json(bob, UUID.randomUUID().toString()).body("{\"amount\":1}").post(hold + "/capture").then(),
                404, "hold_not_found");
        assertProblem(as(bob).post(hold + "/release").then(), 404, "hold_not_found");
        assertProblem(as(bob).get("/billing/payments/" + alicesPayment).then(), 404, "payment_not_found");

        assertAlicesMoneyUntouched();
        assertThat(as(alice).get("/billing/payments/" + alicesPayment).then().statusCode(200).extract()
                .<String>path("status")).isEqualTo("SUCCEEDED");
    }

    @Test
    void aTransferToAnotherUserIsAllowedButShowsOnlyThePayersBalance() {
        json(bob).body("{\"toUserId\":\"" + alice + "\",\"amount\":20}").post("/billing/transfers").then()
                .statusCode(201).body("balances." + bob + ".available", comparesEqualTo(new BigDecimal("30")))
                .body("balances." + alice, nullValue());

        assertThat(available(alice)).isEqualByComparingTo("105");
    }

    private void assertAlicesMoneyUntouched() {
        assertThat(available(alice)).isEqualByComparingTo("85");
        assertThat(held(alice)).isEqualByComparingTo("10");
        assertThat(statement(alice).extract().asString()).isEqualTo(alicesStatement);
        assertThat(as(alice).get("/billing/holds/" + alicesHold).then().extract().asString())
                .isEqualTo(alicesHoldAsSeen);
    }

    private long idempotencyRecords(String scope, String key) {
        return pool.preparedQuery("SELECT count(*) FROM idempotency_record WHERE scope = $1 AND idempotency_key = $2")
                .execute(Tuple.of(scope, key)).await().indefinitely().iterator().next().getLong(0);
    }
}
