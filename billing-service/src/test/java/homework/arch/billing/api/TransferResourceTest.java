package homework.arch.billing.api;

import static homework.arch.billing.Http.accountWith;
import static homework.arch.billing.Http.assertProblem;
import static homework.arch.billing.Http.available;
import static homework.arch.billing.Http.hold;
import static homework.arch.billing.Http.json;
import static homework.arch.billing.Http.newAccount;
import static homework.arch.billing.Http.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TransferResourceTest {

    @Test
    void aTransferMovesAvailableFundsAndShowsThePayerOnlyTheirOwnBalance() {
        UUID alice = accountWith("100");
        UUID bob = accountWith("5");

        transfer(alice, bob, "30.10").statusCode(201)
                .body("type", is("TRANSFER"))
                .body("userId", is(alice.toString()))
                .body("toUserId", is(bob.toString()))
                .body("amount", comparesEqualTo(new BigDecimal("30.10")))
                .body("balances", aMapWithSize(1))
                .body("balances." + alice + ".available", comparesEqualTo(new BigDecimal("69.90")))
                .body("balances." + bob, nullValue());

        assertThat(available(alice)).isEqualByComparingTo("69.90");
        assertThat(available(bob)).isEqualByComparingTo("35.10");
    }

    @Test
    void aTransferWithoutFromUserIdIsFromTheCaller() {
        UUID alice = accountWith("100");
        UUID bob = newAccount();

        json(alice).body("{\"toUserId\":\"" + bob + "\",\"amount\":40}").post("/billing/transfers").then()
                .statusCode(201)
                .body("userId", is(alice.toString()))
                .body("balances", aMapWithSize(1))
                .body("balances." + alice + ".available", comparesEqualTo(new BigDecimal("60")));

        assertThat(available(alice)).isEqualByComparingTo("60");
        assertThat(available(bob)).isEqualByComparingTo("40");
    }

    @Test
    void aTransferCannotTakeMoreThanIsAvailable() {
        UUID alice = accountWith("10");
        UUID bob = newAccount();

        assertProblem(transfer(alice, bob, "10.01"), 409, "insufficient_funds");

        assertThat(available(alice)).isEqualByComparingTo("10");
        assertThat(available(bob)).isZero();
    }

    @Test
    void heldFundsCannotBeTransferred() {
        UUID alice = accountWith("100");
        UUID bob = newAccount();
        hold(alice, "80", null).statusCode(201);

        assertProblem(transfer(alice, bob, "21"), 409, "insufficient_funds");
        transfer(alice, bob, "20").statusCode(201);
        assertThat(available(bob)).isEqualByComparingTo("20");
    }

    @Test
    void aTransferNeedsTwoExistingAccounts() {
        UUID alice = accountWith("10");
        UUID nobody = UUID.randomUUID();

        assertProblem(transfer(alice, alice, "1"), 422, "same_account");
        assertProblem(transfer(alice, nobody, "1"), 404, "account_not_found").body("detail", is(
                "No account for user " + nobody));
        assertProblem(transfer(nobody, alice, "1"), 404, "account_not_found");
        assertThat(available(alice)).isEqualByComparingTo("10");
    }
}
