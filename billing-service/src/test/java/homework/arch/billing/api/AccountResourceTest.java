package homework.arch.billing.api;

import static homework.arch.billing.Http.accountWith;
import static homework.arch.billing.Http.assertProblem;
import static homework.arch.billing.Http.available;
import static homework.arch.billing.Http.deposit;
import static homework.arch.billing.Http.as;
import static homework.arch.billing.Http.json;
import static homework.arch.billing.Http.newAccount;
import static homework.arch.billing.Http.open;
import static homework.arch.billing.Http.withdraw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import homework.arch.billing.Http;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AccountResourceTest {

    @Test
    void openingAnAccountTwiceReturnsTheSameAccount() {
        UUID user = UUID.randomUUID();

        String first = open(user).statusCode(201)
                .contentType("application/json")
                .body("userId", is(user.toString()))
                .body("balance", comparesEqualTo(BigDecimal.ZERO))
                .body("available", comparesEqualTo(BigDecimal.ZERO))
                .body("held", comparesEqualTo(BigDecimal.ZERO))
                .body("currency", is("USD"))
                .body("createdAt", notNullValue())
                .extract().asString();

        assertThat(open(user).statusCode(200).extract().asString()).isEqualTo(first);
        assertThat(as(user).get("/billing/accounts/" + user).then().statusCode(200).extract().asString())
                .isEqualTo(first);
    }

    @Test
    void theSystemAccountIsNotAUserAccount() {
        UUID system = new UUID(0, 0);

        assertProblem(open(system), 422, "user_id_reserved");
        assertProblem(as(system).get("/billing/accounts/" + system).then(), 404, "account_not_found");
        assertProblem(deposit(system, "1"), 404, "account_not_found");
    }

    @Test
    void unknownAccountsAreNotFound() {
        UUID nobody = UUID.randomUUID();

        assertProblem(as(nobody).get("/billing/accounts/" + nobody).then(), 404, "account_not_found");
        assertProblem(deposit(nobody, "1"), 404, "account_not_found");
        assertProblem(withdraw(nobody, "1"), 404, "account_not_found");
    }

    @Test
    void depositsAndWithdrawalsChangeTheAvailableFunds() {
        UUID user = newAccount();

        deposit(user, "100.50").statusCode(201)
                .body("id", notNullValue())
                .body("type", is("DEPOSIT"))
                .body("userId", is(user.toString()))
                .body("amount", comparesEqualTo(new BigDecimal("100.50")))
                .body("currency", is("USD"))
                .body("balances." + user + ".available", comparesEqualTo(new BigDecimal("100.50")))
                .body("balances." + user + ".balance", comparesEqualTo(new BigDecimal("100.50")));
        withdraw(user, "40.25").statusCode(201)
                .body("type", is("WITHDRAWAL"))
                .body("amount", comparesEqualTo(new BigDecimal("40.25")))
                .body("balances." + user + ".available", comparesEqualTo(new BigDecimal("60.25")));

        as(user).get("/billing/accounts/" + user).then().statusCode(200)
                .body("balance", comparesEqualTo(new BigDecimal("60.25")))
                .body("available", comparesEqualTo(new BigDecimal("60.25")))
                .body("held", comparesEqualTo(BigDecimal.ZERO));
    }

    @Test
    void aWithdrawalCannotTakeMoreThanIsAvailable() {
        UUID user = accountWith("10");

        assertProblem(withdraw(user, "10.01"), 409, "insufficient_funds");
        withdraw(user, "10").statusCode(201);
        assertProblem(withdraw(user, "0.01"), 409, "insufficient_funds");
        assertThat(available(user)).isZero();
    }

    @Test
    void aBalanceCannotGrowBeyondTheLimit() {
        // The test profile sets billing.max-balance=1000000000.
        UUID user = accountWith("999999999.99");

        deposit(user, "0.01").statusCode(201);
        assertProblem(deposit(user, "0.01"), 409, "balance_limit_exceeded");
        assertThat(available(user)).isEqualByComparingTo("1000000000");
    }

    @Test
    void anAmountIsPositiveWithAtMostTwoDecimalsAndBounded() {
        UUID user = accountWith("100");
        String[][] cases = {
            { "0", "must be greater than 0" },
            { "-5", "must be greater than 0" },
            { "1.001", "must have at most 2 decimal places" },
            { "1000000000000.01", "must not exceed 1000000000000" },
            { "null", "must not be null" },
        };
        for (String[] c : cases) {
            assertProblem(withdraw(user, c[0]), 400, "validation_failed")
                    .body("violations.field", contains("amount"))
                    .body("violations.message", contains(c[1]));
        }
        assertThat(available(user)).isEqualByComparingTo("100");
    }

    @Test
    void aRequestWithAnUnknownFieldATrailingDocumentOrAWrongTypeIsRefused() {
        UUID user = newAccount();
        String deposits = "/billing/accounts/" + user + "/deposits";

        assertProblem(json(user).body("{\"amount\":1,\"currency\":\"EUR\"}").post(deposits).then(), 400,
                "unknown_field").body("violations.field", contains("currency"));
        assertProblem(json(user).body("{\"amount\":1}{\"amount\":2}").post(deposits).then(), 400, "malformed_json");
        assertProblem(json(user).body("{\"amount\":\"10\"}").post(deposits).then(), 400, "invalid_type")
                .body("violations.field", contains("amount"));
        // Not JSON at all (a duplicate key, a truncated document): a 400 problem whose code infra chooses.
        for (String broken : new String[] { "{\"amount\":1,\"amount\":2}", "{\"amount\":" }) {
            json(user).body(broken).post(deposits).then().statusCode(400).contentType(Http.PROBLEM_JSON)
                    .body("status", is(400));
        }
        assertProblem(json(user).body("").post(deposits).then(), 400, "validation_failed");
        String open = "/internal/billing/accounts";
        assertProblem(Http.service(Http.USER_SERVICE).body("{\"userId\":42}").post(open).then(), 400, "invalid_type")
                .body("violations.field", contains("userId"));
        assertProblem(Http.service(Http.USER_SERVICE).body("{}").post(open).then(), 400, "validation_failed")
                .body("violations.field", contains("userId"));
        assertThat(available(user)).isZero();
    }
}
