package homework.arch.billing.api;

import static homework.arch.billing.Http.accountWith;
import static homework.arch.billing.Http.assertProblem;
import static homework.arch.billing.Http.available;
import static homework.arch.billing.Http.as;
import static homework.arch.billing.Http.deposit;
import static homework.arch.billing.Http.pay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import homework.arch.billing.Http;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PaymentResourceTest {

    @Test
    void aPaymentSucceedsOnceAndIsReturnedOnRepeat() {
        UUID user = accountWith("100");
        UUID order = UUID.randomUUID();

        String first = pay(order, user, "70").statusCode(201)
                .body("paymentId", notNullValue())
                .body("orderId", is(order.toString()))
                .body("userId", is(user.toString()))
                .body("amount", comparesEqualTo(new BigDecimal("70")))
                .body("currency", is("USD"))
                .body("status", is("SUCCEEDED"))
                .body("reason", nullValue())
                .extract().asString();

        assertThat(pay(order, user, "70.00").statusCode(200).extract().asString()).isEqualTo(first);
        assertThat(available(user)).isEqualByComparingTo("30");
        String paymentId = JsonPath.from(first).getString("paymentId");
        assertThat(as(user).get("/billing/payments/" + paymentId).then().statusCode(200).extract().asString())
                .isEqualTo(first);
        as(user).get("/billing/accounts/" + user + "/transactions?limit=1").then()
                .body("items[0].type", is("PAYMENT"))
                .body("items[0].paymentId", is(paymentId))
                .body("items[0].orderId", is(order.toString()));
    }

    @Test
    void aPaymentWithoutFundsIsDeclinedWithTheReason() {
        UUID user = accountWith("10");
        UUID order = UUID.randomUUID();

        String first = pay(order, user, "10.01").statusCode(201)
                .body("status", is("DECLINED"))
                .body("reason", is("insufficient_funds"))
                .extract().asString();

        // A repeat is the same decision, even though the funds would now suffice.
        deposit(user, "5").statusCode(201);
        assertThat(pay(order, user, "10.01").statusCode(200).extract().asString()).isEqualTo(first);
        assertThat(available(user)).isEqualByComparingTo("15");
    }

    @Test
    void aPaymentForAUserWithoutAnAccountIsDeclined() {
        pay(UUID.randomUUID(), UUID.randomUUID(), "1").statusCode(201)
                .body("status", is("DECLINED"))
                .body("reason", is("account_not_found"));
    }

    @Test
    void anOrderIsPaidOnceForOneUserAndAmount() {
        UUID user = accountWith("100");
        UUID order = UUID.randomUUID();
        pay(order, user, "10").statusCode(201);

        assertProblem(pay(order, user, "11"), 409, "payment_conflict");
        assertProblem(pay(order, accountWith("100"), "10"), 409, "payment_conflict");
        assertThat(available(user)).isEqualByComparingTo("90");
    }

    @Test
    void unknownPaymentsAreNotFoundAndRequestsAreValidated() {
        assertProblem(as(accountWith("1")).get("/billing/payments/" + UUID.randomUUID()).then(), 404,
                "payment_not_found");
        String withoutUser = "{\"orderId\":\"" + UUID.randomUUID() + "\",\"amount\":1}";
        assertProblem(Http.service(Http.ORDER_SERVICE).body(withoutUser).post("/internal/billing/payments").then(), 400,
                "validation_failed");
    }
}
