package homework.arch.billing;

import static homework.arch.billing.Http.accountWith;
import static homework.arch.billing.Http.amount;
import static homework.arch.billing.Http.assertProblem;
import static homework.arch.billing.Http.available;
import static homework.arch.billing.Http.json;
import static homework.arch.billing.Http.newAccount;
import static homework.arch.billing.Http.openBody;
import static homework.arch.billing.Http.payBody;
import static homework.arch.billing.Http.service;
import static homework.arch.billing.Http.transferBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import homework.arch.billing.service.OperationExecutor;
import homework.arch.infra.auth.IdempotencyScopes;
import homework.arch.infra.idempotency.Claim;
import homework.arch.infra.idempotency.IdempotencyPurge;
import homework.arch.infra.idempotency.IdempotencyStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IdempotencyTest {

    @Inject
    IdempotencyStore store;
    @Inject
    IdempotencyPurge purge;
    @Inject
    Pool pool;

    @Test
    void aRepeatGetsTheFirstResponseAndHasNoSecondEffect() {
        UUID user = accountWith("100");
        String key = UUID.randomUUID().toString();

        Response first = withdraw(user, key, "30");
        Response again = withdraw(user, key, "30.00");

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(first.header("Idempotency-Replayed")).isNull();
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.header("Idempotency-Replayed")).isEqualTo("true");
        assertThat(again.contentType()).startsWith("application/json");
        assertThat(again.asString()).isEqualTo(first.asString());
        assertThat(available(user)).isEqualByComparingTo("70");
    }

    @Test
    void everyMoneyMovingRequestHonoursTheKey() {
        UUID alice = accountWith("100");
        UUID bob = newAccount();
        Function<String, RequestSpecification> asAlice = key -> json(alice, key);
        String hold = replayedOnce(asAlice, "/billing/holds", "{\"userId\":\"" + alice + "\",\"amount\":20}", 201)
                .path("id");
        String otherHold = replayedOnce(asAlice, "/billing/holds", "{\"amount\":5}", 201).path("id");
        replayedOnce(asAlice, "/billing/holds/" + hold + "/capture", "{\"amount\":15}", 200);
        replayedOnce(asAlice, "/billing/holds/" + otherHold + "/release", "{}", 200);
        replayedOnce(asAlice, "/billing/transfers", transferBody(alice, bob, "10"), 201);
        replayedOnce(key -> json(bob, key), "/billing/accounts/" + bob + "/deposits", amount("1"), 201);
        replayedOnce(key -> service(Http.ORDER_SERVICE).header("Idempotency-Key", key), "/internal/billing/payments",
                payBody(UUID.randomUUID(), bob, "2"), 201);
        replayedOnce(key -> service(Http.USER_SERVICE).header("Idempotency-Key", key), "/internal/billing/accounts",
                openBody(UUID.randomUUID()), 201);

        assertThat(available(alice)).isEqualByComparingTo("75");
        assertThat(available(bob)).isEqualByComparingTo("9");
    }

    @Test
    void aKeyUsedForAnotherRequestIsRefused() {
        UUID user = accountWith("100");
        String key = UUID.randomUUID().toString();
        withdraw(user, key, "30").then().statusCode(201);

        assertProblem(withdraw(user, key, "31").then(), 422, "idempotency_key_reused");
        assertProblem(json(user, key).body(amount("30")).post("/billing/accounts/" + user + "/deposits").then(), 422,
                "idempotency_key_reused");
        assertThat(available(user)).isEqualByComparingTo("70");
    }

    @Test
    void theSameKeyOfTwoCallersIsTwoIndependentOperations() {
        UUID alice = accountWith("100");
        UUID bob = accountWith("100");
        String key = UUID.randomUUID().toString();
        String alices = withdraw(alice, key, "30").then().statusCode(201).extract().path("id");

        // Neither a replay of Alice's answer nor a reuse of her key, nor blocked by her hold that took the key as id.
        String bobs = withdraw(bob, key, "30").then().statusCode(201).header("Idempotency-Replayed", nullValue())
                .body("userId", is(bob.toString())).extract().path("id");
        withdraw(bob, key, "30").then().statusCode(201).header("Idempotency-Replayed", is("true"));
        String holdKey = UUID.randomUUID().toString();
        json(alice, holdKey).body("{\"amount\":1}").post("/billing/holds").then().statusCode(201)
                .body("id", is(holdKey));
        json(bob, holdKey).body("{\"amount\":2}").post("/billing/holds").then().statusCode(201)
                .header("Idempotency-Replayed", nullValue())
                .body("id", not(holdKey))
                .body("userId", is(bob.toString()));
        // A service's keys are its own too.
        service(Http.ORDER_SERVICE).header("Idempotency-Key", key).body(payBody(UUID.randomUUID(), bob, "5"))
                .post("/internal/billing/payments").then().statusCode(201).body("status", is("SUCCEEDED"));

        assertThat(bobs).isNotEqualTo(alices);
        assertThat(available(alice)).isEqualByComparingTo("69");
        assertThat(available(bob)).isEqualByComparingTo("63");
    }

    @Test
    void aRejectionIsRecordedAndReplayedToo() {
        UUID user = accountWith("10");
        String key = UUID.randomUUID().toString();
        Response first = withdraw(user, key, "50");
        assertProblem(first.then(), 409, "insufficient_funds").header("Idempotency-Replayed", nullValue());

        json(user).body(amount("100")).post("/billing/accounts/" + user + "/deposits").then().statusCode(201);
        Response again = withdraw(user, key, "50");

        assertProblem(again.then(), 409, "insufficient_funds").header("Idempotency-Replayed", is("true"));
        assertThat(again.asString()).isEqualTo(first.asString());
        assertThat(available(user)).isEqualByComparingTo("110");
    }

    @Test
    void aKeyHasOneTo255Characters() {
        UUID user = accountWith("10");

        assertProblem(withdraw(user, "", "1").then(), 400, "invalid_idempotency_key");
        assertProblem(withdraw(user, "k".repeat(256), "1").then(), 400, "invalid_idempotency_key");
        assertProblem(json(user).header("Idempotency-Key", "one").header("Idempotency-Key", "two").body(amount("1"))
                .post("/billing/accounts/" + user + "/withdrawals").then(), 400, "invalid_idempotency_key");
        // Unique on every run: keys are kept for 24 h in a database that every test run shares.
        withdraw(user, UUID.randomUUID() + "k".repeat(255 - 36), "1").then().statusCode(201);
        assertThat(available(user)).isEqualByComparingTo("9");
    }

    @Test
    void aRequestStillRunningElsewhereIsAConflictUntilItsClaimIsGivenUp() {
        UUID user = accountWith("10");
        String key = UUID.randomUUID().toString();
        String fingerprint = new BillingOperation.Withdrawal(user, BigDecimal.ONE).fingerprint();
        // What a two-step user of the store does (claim committed, remote call still running).
        Claim claim = inTransaction(() -> store.claim(scopeOf(user), key, fingerprint));

        assertProblem(withdraw(user, key, "1").then(), 409, "request_in_progress");
        assertThat(available(user)).isEqualByComparingTo("10");

        inTransaction(() -> store.abandon(scopeOf(user), key, claim));
        withdraw(user, key, "1").then().statusCode(201);
        assertThat(available(user)).isEqualByComparingTo("9");
    }

    @Test
    void aClaimWhoseOwnerDiedIsTakenOverAfterItsLease() {
        UUID user = accountWith("10");
        String key = UUID.randomUUID().toString();
        inTransaction(() -> store.claim(scopeOf(user), key,
                new BillingOperation.Withdrawal(user, BigDecimal.ONE).fingerprint()));

        expire(user, key);

        withdraw(user, key, "1").then().statusCode(201).header("Idempotency-Replayed", nullValue());
        assertThat(available(user)).isEqualByComparingTo("9");
    }

    @Test
    void aClaimWhoseLeaseRanOutCannotGiveUpTheClaimOfTheRetryThatTookItOver() {
        UUID user = accountWith("10");
        String key = UUID.randomUUID().toString();
        String fingerprint = new BillingOperation.Withdrawal(user, BigDecimal.ONE).fingerprint();
        Claim slow = inTransaction(() -> store.claim(scopeOf(user), key, fingerprint));
        expire(user, key);
        Claim retry = inTransaction(() -> store.claim(scopeOf(user), key, fingerprint));

        // The slow first attempt fails at last and gives up its claim: the retry's must stay.
        inTransaction(() -> store.abandon(scopeOf(user), key, slow));
        assertProblem(withdraw(user, key, "1").then(), 409, "request_in_progress");
        // Nor can the slow attempt record its answer under the key the retry holds.
        assertThatThrownBy(() -> inTransaction(() -> store.complete(scopeOf(user), key, slow, 201,
                "{}"))).hasRootCauseInstanceOf(IllegalStateException.class);

        inTransaction(() -> store.abandon(scopeOf(user), key, retry));
        withdraw(user, key, "1").then().statusCode(201).header("Idempotency-Replayed", nullValue());
        assertThat(available(user)).isEqualByComparingTo("9");
    }

    @Test
    void expiredKeysArePurgedAndCanBeUsedAgain() {
        UUID user = accountWith("10");
        String key = UUID.randomUUID().toString();
        String first = withdraw(user, key, "1").then().statusCode(201).extract().path("id");
        expire(user, key);

        assertThat(await(purge::purgeAll)).isPositive();

        assertThat(records(user, key)).isZero();
        String second = withdraw(user, key, "1").then().statusCode(201).header("Idempotency-Replayed", nullValue())
                .extract().path("id");
        assertThat(second).isNotEqualTo(first);
        assertThat(available(user)).isEqualByComparingTo("8");
    }

    @Test
    void aHoldPlacedWithAUuidKeyTakesTheKeyAsItsIdForGood() {
        UUID user = accountWith("100");
        String key = UUID.randomUUID().toString();
        String body = "{\"userId\":\"" + user + "\",\"amount\":10}";
        json(user, key).body(body).post("/billing/holds").then().statusCode(201).body("id", is(key));
        expire(user, key);
        await(purge::purgeAll);

        // The key is forgotten, the hold is not: another hold cannot take its id.
        assertProblem(json(user, key).body(body).post("/billing/holds").then(), 409, "hold_exists");
        assertThat(available(user)).isEqualByComparingTo("90");
    }

    private static <T> T inTransaction(Supplier<Uni<T>> work) {
        return await(() -> Panache.withTransaction(work));
    }

    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private Response replayedOnce(Function<String, RequestSpecification> withKey, String path, String body,
            int status) {
        String key = UUID.randomUUID().toString();
        Response first = withKey.apply(key).body(body).post(path);
        Response again = withKey.apply(key).body(body).post(path);
        assertThat(first.statusCode()).as(path + ": " + first.asString()).isEqualTo(status);
        assertThat(again.statusCode()).isEqualTo(status);
        assertThat(again.header("Idempotency-Replayed")).isEqualTo("true");
        assertThat(again.asString()).isEqualTo(first.asString());
        return first;
    }

    private static Response withdraw(UUID user, String key, String amount) {
        return json(user, key).body(amount(amount)).post("/billing/accounts/" + user + "/withdrawals");
    }

    /** Where the user's Idempotency-Keys live. */
    private static String scopeOf(UUID user) {
        return IdempotencyScopes.ofUser(OperationExecutor.IDEMPOTENCY_SERVICE, user);
    }

    private void expire(UUID user, String key) {
        pool.preparedQuery("UPDATE idempotency_record SET expires_at = now() - interval '1 second' "
                + "WHERE scope = $1 AND idempotency_key = $2")
                .execute(Tuple.of(scopeOf(user), key)).await().indefinitely();
    }

    private long records(UUID user, String key) {
        return pool.preparedQuery("SELECT count(*) FROM idempotency_record WHERE scope = $1 AND idempotency_key = $2")
                .execute(Tuple.of(scopeOf(user), key)).await().indefinitely()
                .iterator().next().getLong(0);
    }
}
