package homework.arch.billing.api;

import static homework.arch.billing.Http.accountWith;
import static homework.arch.billing.Http.assertProblem;
import static homework.arch.billing.Http.available;
import static homework.arch.billing.Http.as;
import static homework.arch.billing.Http.held;
import static homework.arch.billing.Http.hold;
import static homework.arch.billing.Http.json;
import static homework.arch.billing.Http.withdraw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HoldResourceTest {

    @Test
    void aHoldBlocksFundsThatCannotBeSpent() {
        UUID user = accountWith("100");

        String id = hold(user, "60", 300).statusCode(201)
                .body("userId", is(user.toString()))
                .body("amount", comparesEqualTo(new BigDecimal("60")))
                .body("status", is("HELD"))
                .body("currency", is("USD"))
                .body("expiresAt", notNullValue())
                .body("capturedAmount", nullValue())
                .body("balances." + user + ".available", comparesEqualTo(new BigDecimal("40")))
                .body("balances." + user + ".held", comparesEqualTo(new BigDecimal("60")))
                .body("balances." + user + ".balance", comparesEqualTo(new BigDecimal("100")))
                .extract().path("id");

        assertProblem(withdraw(user, "40.01"), 409, "insufficient_funds");
        assertProblem(hold(user, "40.01", null), 409, "insufficient_funds");
        as(user).get("/billing/holds/" + id).then().statusCode(200)
                .body("id", is(id))
                .body("status", is("HELD"))
                .body("balances", nullValue());
        as(user).get("/billing/accounts/" + user).then()
                .body("balance", comparesEqualTo(new BigDecimal("100")))
                .body("held", comparesEqualTo(new BigDecimal("60")));
    }

    @Test
    void aHoldWithoutUserIdIsOfTheCaller() {
        UUID user = accountWith("100");

        json(user).body("{\"amount\":25}").post("/billing/holds").then().statusCode(201)
                .body("userId", is(user.toString()))
                .body("balances." + user + ".held", comparesEqualTo(new BigDecimal("25")));
        assertThat(held(user)).isEqualByComparingTo("25");
    }

    @Test
    void aFullCaptureTakesTheHeldFunds() {
        UUID user = accountWith("100");
        String id = placed(user, "60");

        capture(user, id, null).statusCode(200)
                .body("status", is("CAPTURED"))
                .body("capturedAmount", comparesEqualTo(new BigDecimal("60")))
                .body("balances." + user + ".available", comparesEqualTo(new BigDecimal("40")))
                .body("balances." + user + ".held", comparesEqualTo(BigDecimal.ZERO))
                .body("balances." + user + ".balance", comparesEqualTo(new BigDecimal("40")));
        // A capture without any body takes everything too.
        String other = placed(user, "15");
        json(user).post("/billing/holds/" + other + "/capture").then().statusCode(200)
                .body("capturedAmount", comparesEqualTo(new BigDecimal("15")));
        assertThat(available(user)).isEqualByComparingTo("25");
    }

    @Test
    void aPartialCaptureReleasesTheRest() {
        UUID user = accountWith("100");
        String id = placed(user, "60");

        capture(user, id, "25.50").statusCode(200)
                .body("status", is("CAPTURED"))
                .body("amount", comparesEqualTo(new BigDecimal("60")))
                .body("capturedAmount", comparesEqualTo(new BigDecimal("25.50")))
                .body("balances." + user + ".available", comparesEqualTo(new BigDecimal("74.50")))
                .body("balances." + user + ".held", comparesEqualTo(BigDecimal.ZERO));
    }

    @Test
    void aCaptureCannotExceedTheHold() {
        UUID user = accountWith("100");
        String id = placed(user, "60");

        assertProblem(capture(user, id, "60.01"), 409, "capture_exceeds_hold");
        assertProblem(capture(user, id, "0"), 400, "validation_failed").body("violations.field", contains("amount"));
        as(user).get("/billing/holds/" + id).then().body("status", is("HELD"));
        assertThat(held(user)).isEqualByComparingTo("60");
    }

    @Test
    void releasingGivesTheFundsBack() {
        UUID user = accountWith("100");
        String id = placed(user, "60");

        release(user, id).statusCode(200)
                .body("status", is("RELEASED"))
                .body("balances." + user + ".available", comparesEqualTo(new BigDecimal("100")))
                .body("balances." + user + ".held", comparesEqualTo(BigDecimal.ZERO));
    }

    @Test
    void aHoldIsCapturedOrReleasedOnlyOnce() {
        UUID user = accountWith("100");
        String captured = placed(user, "10");
        String released = placed(user, "10");
        capture(user, captured, null).statusCode(200);
        release(user, released).statusCode(200);

        assertProblem(capture(user, captured, null), 409, "hold_not_active");
        assertProblem(release(user, captured), 409, "hold_not_active");
        assertProblem(release(user, released), 409, "hold_not_active");
        assertProblem(capture(user, released, null), 409, "hold_not_active");
        assertThat(available(user)).isEqualByComparingTo("90");
    }

    @Test
    void unknownHoldsAreNotFound() {
        UUID user = accountWith("1");
        String nobody = UUID.randomUUID().toString();

        assertProblem(as(user).get("/billing/holds/" + nobody).then(), 404, "hold_not_found");
        assertProblem(capture(user, nobody, null), 404, "hold_not_found");
        assertProblem(release(user, nobody), 404, "hold_not_found");
        assertProblem(hold(UUID.randomUUID(), "1", null), 404, "account_not_found");
    }

    @Test
    void aHoldLastsOneSecondToThirtyDays() {
        UUID user = accountWith("100");

        assertProblem(hold(user, "1", 0), 400, "validation_failed").body("violations.field",
                contains("expiresInSeconds"));
        assertProblem(hold(user, "1", 2_592_001), 400, "validation_failed");
        Instant before = Instant.now();
        String expiresAt = hold(user, "1", null).statusCode(201).extract().path("expiresAt");
        // Without expiresInSeconds the configured default applies (15 minutes).
        assertThat(Instant.parse(expiresAt)).isAfter(before.plus(Duration.ofMinutes(14)))
                .isBefore(before.plus(Duration.ofMinutes(16)));
    }

    @Test
    void anExpiredHoldCannotBeCapturedAndIsReleasedAutomatically() throws InterruptedException {
        UUID user = accountWith("100");
        ValidatableResponse placed = hold(user, "30", 1).statusCode(201);
        String id = placed.extract().path("id");
        Instant expiresAt = Instant.parse(placed.extract().path("expiresAt"));
        waitUntil(expiresAt);

        assertProblem(capture(user, id, null), 409, "hold_expired");

        // The expiry job runs every second in tests; nothing else releases this hold.
        Instant deadline = Instant.now().plusSeconds(30);
        while (!"RELEASED".equals(as(user).get("/billing/holds/" + id).then().extract().path("status"))) {
            assertThat(Instant.now()).as("the expiry job released the hold in time").isBefore(deadline);
            Thread.sleep(200);
        }
        assertThat(available(user)).isEqualByComparingTo("100");
        assertThat(held(user)).isZero();
        as(user).get("/billing/accounts/" + user + "/transactions?limit=1").then()
                .body("items[0].type", is("EXPIRY"))
                .body("items[0].holdId", is(id))
                .body("items[0].availableChange", comparesEqualTo(new BigDecimal("30")))
                .body("items[0].heldChange", comparesEqualTo(new BigDecimal("-30")));
        assertProblem(capture(user, id, null), 409, "hold_expired");
    }

    private static String placed(UUID user, String amount) {
        return hold(user, amount, null).statusCode(201).extract().path("id");
    }

    private static ValidatableResponse capture(UUID user, String id, String amount) {
        return json(user).body(amount == null ? "{}" : "{\"amount\":" + amount + "}")
                .post("/billing/holds/" + id + "/capture").then();
    }

    private static ValidatableResponse release(UUID user, String id) {
        return as(user).post("/billing/holds/" + id + "/release").then();
    }

    private static void waitUntil(Instant instant) throws InterruptedException {
        while (!Instant.now().isAfter(instant)) {
            Thread.sleep(Math.max(1, Duration.between(Instant.now(), instant).toMillis() + 1));
        }
    }
}
