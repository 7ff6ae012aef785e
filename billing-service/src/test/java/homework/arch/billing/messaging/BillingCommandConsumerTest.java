package homework.arch.billing.messaging;

import static homework.arch.billing.Http.accountWith;
import static homework.arch.billing.Http.available;
import static homework.arch.billing.Http.given;
import static homework.arch.billing.Http.held;
import static homework.arch.billing.Http.newAccount;
import static homework.arch.billing.messaging.Commands.capture;
import static homework.arch.billing.messaging.Commands.command;
import static homework.arch.billing.messaging.Commands.deposit;
import static homework.arch.billing.messaging.Commands.hold;
import static homework.arch.billing.messaging.Commands.newOperationId;
import static homework.arch.billing.messaging.Commands.open;
import static homework.arch.billing.messaging.Commands.release;
import static homework.arch.billing.messaging.Commands.transfer;
import static homework.arch.billing.messaging.Commands.withdraw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import homework.arch.billing.Http;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The billing.commands consumer against the real broker and database: results, replies, duplicates, bad commands. */
@QuarkusTest
@WithTestResource(CommandQueues.class)
class BillingCommandConsumerTest {

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @Inject
    Pool database;

    private CommandBroker broker;
    private CommandBroker.Collector results;

    @BeforeEach
    void connect() {
        var config = ConfigProvider.getConfig();
        broker = CommandBroker.connect(config.getValue("rabbitmq-host", String.class),
                config.getValue("rabbitmq-port", Integer.class), config.getValue("rabbitmq-username", String.class),
                config.getValue("rabbitmq-password", String.class), config.getValue("commands-queue.name", String.class));
        results = broker.results();
    }

    @AfterEach
    void disconnect() {
        broker.close();
    }

    @Test
    void everyCommandTypeIsAppliedAndAnswered() {
        UUID user = UUID.randomUUID();
        UUID payee = UUID.randomUUID();

        CommandBroker.Delivered opened = apply(open(newOperationId(), user));
        apply(open(newOperationId(), payee));
        CommandBroker.Delivered deposited = apply(deposit(newOperationId(), user, "100"));
        CommandBroker.Delivered withdrawn = apply(withdraw(newOperationId(), user, "30"));
        CommandBroker.Delivered transferred = apply(transfer(newOperationId(), user, payee, "20"));
        String firstHold = newOperationId();
        CommandBroker.Delivered held = apply(hold(firstHold, user, "10"));
        CommandBroker.Delivered captured = apply(capture(newOperationId(), user, firstHold, "4"));
        String secondHold = newOperationId();
        apply(hold(secondHold, user, "5"));
        CommandBroker.Delivered released = apply(release(newOperationId(), user, secondHold));

        assertSucceeded(opened, "open_account", user, null);
        assertBalance(opened, user, "0.00", "0.00");
        assertSucceeded(deposited, "deposit", user, "100.00");
        assertBalance(deposited, user, "100.00", "0.00");
        assertSucceeded(withdrawn, "withdraw", user, "30.00");
        assertBalance(withdrawn, user, "70.00", "0.00");
        assertSucceeded(transferred, "transfer", user, "20.00");
        assertThat(transferred.body().path("toUserId").asText()).isEqualTo(payee.toString());
        assertBalance(transferred, user, "50.00", "0.00");
        assertBalance(transferred, payee, "20.00", "0.00");
        assertSucceeded(held, "hold", user, "10.00");
        assertThat(held.body().path("holdId").asText()).isEqualTo(firstHold);
        assertBalance(held, user, "40.00", "10.00");
        assertSucceeded(captured, "capture", user, "4.00");
        assertBalance(captured, user, "46.00", "0.00");
        assertSucceeded(released, "release", user, "5.00");
        assertThat(released.body().path("holdId").asText()).isEqualTo(secondHold);
        assertBalance(released, user, "46.00", "0.00");
        assertThat(available(user)).isEqualByComparingTo("46");
        assertThat(held(user)).isZero();
        assertThat(available(payee)).isEqualByComparingTo("20");
    }

    @Test
    void aResultIsAPersistentJsonEventIdentifiedByItsEventId() {
        CommandBroker.Delivered opened = apply(open(newOperationId(), UUID.randomUUID()));

        AMQP.BasicProperties properties = opened.properties();
        assertThat(properties.getMessageId()).isEqualTo(opened.body().path("eventId").asText());
        assertThat(properties.getType()).isEqualTo("BillingOperationResult");
        assertThat(properties.getContentType()).isEqualTo("application/json");
        assertThat(properties.getDeliveryMode()).isEqualTo(2);
        assertThat(opened.body().path("eventType").asText()).isEqualTo("BillingOperationResult");
        assertThat(opened.body().path("occurredAt").asText()).isNotBlank();
        assertThat(opened.body().path("currency").asText()).isEqualTo("USD");
    }

    @Test
    void aCommandWithReplyToGetsItsResultThereTooWithItsCorrelationId() {
        CommandBroker.Collector replies = broker.replies();
        String operationId = newOperationId();

        broker.send(open(operationId, UUID.randomUUID()), new AMQP.BasicProperties.Builder()
                .replyTo(replies.queue()).correlationId("request-42"));

        CommandBroker.Delivered reply = replies.awaitOne(operationId);
        CommandBroker.Delivered event = results.awaitOne(operationId);
        assertThat(reply.routingKey()).isEqualTo(replies.queue());
        assertThat(reply.properties().getCorrelationId()).isEqualTo("request-42");
        assertThat(reply.content()).isEqualTo(event.content());
        assertThat(reply.body().path("eventId")).isNotEqualTo(event.body().path("eventId"));
        assertThat(event.routingKey()).isEqualTo("open_account.succeeded");
    }

    @Test
    void aRepeatedCommandRepublishesTheFirstResultAndHasNoSecondEffect() {
        UUID user = accountWith("100");
        String operationId = newOperationId();

        CommandBroker.Delivered first = apply(withdraw(operationId, user, "30"));
        broker.send(withdraw(operationId, user, "30.00"));

        List<CommandBroker.Delivered> both = results.await(operationId, 2);
        assertThat(both.get(1).content()).isEqualTo(first.content());
        assertThat(both.get(1).headers()).containsKey(BillingResults.REPLAYED_HEADER);
        assertThat(first.headers()).doesNotContainKey(BillingResults.REPLAYED_HEADER);
        assertThat(available(user)).isEqualByComparingTo("70");
    }

    @Test
    void anAnswerRecordedByAnEarlierVersionIsStillAnsweredAndReplayedByteForByte() {
        UUID user = accountWith("100");
        String operationId = newOperationId();
        apply(withdraw(operationId, user, "30"));
        String key = newOperationId();
        String withdrawals = "/billing/accounts/" + user + "/withdrawals";
        Http.json(user, key).body("{\"amount\":30}").post(withdrawals).then().statusCode(201);
        // As an earlier version of the service would have recorded them: a field this version does not know, and none
        // of a field this version added.
        for (String id : List.of(operationId, key)) {
            execute("UPDATE idempotency_record SET response_body = jsonb_set(response_body::jsonb - 'createdAt', "
                    + "'{retiredField}', '1')::text WHERE idempotency_key = '" + id + "'");
        }
        String recorded = database.query("SELECT response_body FROM idempotency_record WHERE idempotency_key = '"
                + key + "'").execute().await().atMost(Duration.ofSeconds(30)).iterator().next().getString(0);

        CommandBroker.Delivered again = apply(withdraw(operationId, user, "30"), 2);

        assertThat(again.headers()).containsKey(BillingResults.REPLAYED_HEADER);
        assertSucceeded(again, "withdraw", user, "30.00");
        assertBalance(again, user, "70.00", "0.00");
        Http.json(user, key).body("{\"amount\":30}").post(withdrawals)
                .then().statusCode(201).header("Idempotency-Replayed", "true").body(is(recorded));
        assertThat(available(user)).isEqualByComparingTo("40");
    }

    @Test
    void anAppliedCommandIsCountedOnceAsAnOperationAfterItsCommitAndItsRepeatAsReplayed() {
        UUID user = newAccount();
        String succeeded = "billing_operations_total{outcome=\"succeeded\",reason=\"none\",type=\"DEPOSIT\"}";
        String replayed = "billing_operations_total{outcome=\"replayed\",reason=\"none\",type=\"DEPOSIT\"}";
        double succeededBefore = counter(succeeded);
        double replayedBefore = counter(replayed);
        String operationId = newOperationId();

        apply(deposit(operationId, user, "7"));
        apply(deposit(operationId, user, "7"), 2);

        await().atMost(Duration.ofSeconds(10)).until(() -> counter(replayed) == replayedBefore + 1);
        assertThat(counter(succeeded)).isEqualTo(succeededBefore + 1);
    }

    @Test
    void simultaneousDuplicatesHaveOneEffectAndAllGetTheSameResult() {
        UUID user = accountWith("10");
        String operationId = newOperationId();
        CommandBroker.Publisher publisher = broker.publisher();

        IntStream.range(0, 20).forEach(i -> publisher.send(deposit(operationId, user, "5"),
                new AMQP.BasicProperties.Builder()));
        publisher.confirmed();

        List<CommandBroker.Delivered> all = results.await(operationId, 20);
        assertThat(all).extracting(CommandBroker.Delivered::content).containsOnly(all.get(0).content());
        assertThat(all).filteredOn(d -> !d.headers().containsKey(BillingResults.REPLAYED_HEADER)).hasSize(1);
        assertThat(available(user)).isEqualByComparingTo("15");
    }

    @Test
    void anOperationIdIsItsSendersOwnAndNoRestClientsIdempotencyKey() {
        UUID user = accountWith("50");
        String key = newOperationId();
        Http.json(user, key).body(Http.amount("20")).post("/billing/accounts/" + user + "/withdrawals").then()
                .statusCode(201);

        CommandBroker.Delivered ownOperation = apply(withdraw(key, user, "20"));
        CommandBroker.Delivered reused = apply(withdraw(key, user, "21"), 2);

        assertSucceeded(ownOperation, "withdraw", user, "20.00");
        assertThat(ownOperation.headers()).doesNotContainKey(BillingResults.REPLAYED_HEADER);
        assertBalance(ownOperation, user, "10.00", "0.00");
        assertRejected(reused, "withdraw", "idempotency_key_reused");
        assertThat(available(user)).isEqualByComparingTo("10");
    }

    @Test
    void aCommandWithoutUserIdIsDeadLetteredAsFromAnUnauthorizedSenderWithNoEffectAndNoResult() {
        UUID user = accountWith("100");
        String operationId = newOperationId();
        // The broker refuses a user_id other than the connection's own: one without user_id names nobody. (A sender
        // that is not allowed: SendersTest; the two senders of one operation id: CommandBatchTest.)
        broker.sendUnsigned(withdraw(operationId, user, "30"), new AMQP.BasicProperties.Builder()
                .messageId(operationId));

        CommandBroker.Delivered later = apply(open(newOperationId(), UUID.randomUUID()));

        assertThat(later.status()).isEqualTo("SUCCEEDED");
        GetResponse refused = awaitDeadLetters(operationId).get(operationId);
        assertThat(refused.getProps().getHeaders().get(DeadLetters.REASON_HEADER)).hasToString("unauthorized_sender");
        assertThat(results.of(operationId)).isEmpty();
        assertThat(available(user)).isEqualByComparingTo("100");
        given().get(metrics.toString()).then().statusCode(200)
                .body(containsString("outcome=\"dead_lettered\",reason=\"unauthorized_sender\""));
    }

    @Test
    void aSignedCommandIsAppliedOnceAndItsRepeatReplayed() {
        UUID user = accountWith("100");
        UUID payee = newAccount();
        String operationId = newOperationId();
        AMQP.BasicProperties.Builder signed = new AMQP.BasicProperties.Builder().userId(broker.username());

        broker.send(transfer(operationId, user, payee, "30"), signed);
        CommandBroker.Delivered first = results.awaitOne(operationId);
        broker.send(transfer(operationId, user, payee, "30"), signed);
        CommandBroker.Delivered repeated = results.await(operationId, 2).get(1);

        assertSucceeded(first, "transfer", user, "30.00");
        assertThat(repeated.headers()).containsKey(BillingResults.REPLAYED_HEADER);
        assertThat(repeated.content()).isEqualTo(first.content());
        assertThat(available(user)).isEqualByComparingTo("70");
    }

    @Test
    void aCommandWhoseReplyToIsNotAReplyQueueIsDeadLetteredWithNoEffect() {
        UUID user = accountWith("100");
        CommandBroker.Collector elsewhere = broker.queueNotForReplies();
        String operationId = newOperationId();

        broker.send(withdraw(operationId, user, "30"), new AMQP.BasicProperties.Builder()
                .messageId(operationId).replyTo(elsewhere.queue()));

        GetResponse refused = awaitDeadLetters(operationId).get(operationId);
        assertThat(refused.getProps().getHeaders().get(DeadLetters.REASON_HEADER)).hasToString("reply_to_not_allowed");
        apply(open(newOperationId(), UUID.randomUUID()));
        assertThat(elsewhere.all()).isEmpty();
        assertThat(results.of(operationId)).isEmpty();
        assertThat(available(user)).isEqualByComparingTo("100");
    }

    @Test
    void invalidOrRefusedCommandsAreRejectedWithAReason() {
        UUID user = accountWith("10");
        UUID stranger = newAccount();
        String released = newOperationId();
        apply(hold(released, user, "1"));
        apply(release(newOperationId(), user, released));
        String strangersHold = newOperationId();
        apply(hold(strangersHold, user, "2"));

        assertRejected(apply(command(newOperationId(), "REFUND", "\"userId\":\"" + user + "\",\"amount\":1")),
                "unknown", "unknown_type");
        assertRejected(apply(deposit(newOperationId(), user, "-5")), "deposit", "validation_failed");
        CommandBroker.Delivered overPrecise = apply(deposit(newOperationId(), user, "1.001"));
        assertRejected(overPrecise, "deposit", "validation_failed");
        assertThat(overPrecise.body().path("violations").get(0).path("field").asText()).isEqualTo("amount");
        CommandBroker.Delivered missing = apply(command(newOperationId(), "DEPOSIT", "\"userId\":\"" + user + "\""));
        assertRejected(missing, "deposit", "validation_failed");
        assertThat(missing.body().path("detail").asText()).isEqualTo("amount must not be null");
        assertRejected(apply(command(newOperationId(), "DEPOSIT", "\"userId\":\"" + user + "\",\"amount\":1,\"note\":1")),
                "deposit", "unknown_field");
        assertRejected(apply(command(newOperationId(), "DEPOSIT", "\"userId\":\"" + user + "\",\"amount\":\"1\"")),
                "deposit", "invalid_type");
        assertRejected(apply(deposit(newOperationId(), UUID.randomUUID(), "1")), "deposit", "account_not_found");
        assertRejected(apply(withdraw(newOperationId(), user, "100")), "withdraw", "insufficient_funds");
        assertRejected(apply(transfer(newOperationId(), user, user, "1")), "transfer", "same_account");
        assertRejected(apply(capture(newOperationId(), user, released, null)), "capture", "hold_not_active");
        assertRejected(apply(release(newOperationId(), stranger, strangersHold)), "release", "hold_not_found");
        assertRejected(apply(capture(newOperationId(), user, newOperationId(), "1")), "capture", "hold_not_found");
        assertThat(available(user)).isEqualByComparingTo("8");
        assertThat(held(user)).isEqualByComparingTo("2");
        given().get(metrics.toString()).then().statusCode(200)
                .body(containsString("billing_commands_total{outcome=\"rejected\",reason=\"insufficient_funds\","
                        + "type=\"WITHDRAW\"}"))
                .body(containsString("outcome=\"rejected\",reason=\"unknown_type\",type=\"unknown\""))
                .body(containsString("outcome=\"succeeded\",reason=\"none\",type=\"HOLD\""));
    }

    @Test
    void aRejectionIsRecordedSoThatARetryGetsTheSameAnswer() {
        UUID user = accountWith("10");
        String operationId = newOperationId();

        CommandBroker.Delivered refused = apply(withdraw(operationId, user, "20"));
        Http.deposit(user, "50").statusCode(201);
        CommandBroker.Delivered retried = apply(withdraw(operationId, user, "20"), 2);

        assertRejected(retried, "withdraw", "insufficient_funds");
        assertThat(retried.content()).isEqualTo(refused.content());
        assertThat(available(user)).isEqualByComparingTo("60");
    }

    @Test
    void aRefusedCommandIsRecordedSoThatItsRedeliveryIsAnsweredAsAReplay() {
        UUID user = accountWith("10");
        String operationId = newOperationId();
        String refused = command(operationId, "REFUND", "\"userId\":\"" + user + "\",\"amount\":1");

        CommandBroker.Delivered first = apply(refused);
        CommandBroker.Delivered again = apply(refused, 2);
        // The id is taken: a command sent under it later is not applied.
        CommandBroker.Delivered corrected = apply(deposit(operationId, user, "1"), 3);

        assertRejected(first, "unknown", "unknown_type");
        assertThat(first.headers()).doesNotContainKey(BillingResults.REPLAYED_HEADER);
        assertThat(again.content()).isEqualTo(first.content());
        assertThat(again.headers()).containsKey(BillingResults.REPLAYED_HEADER);
        assertRejected(corrected, "deposit", "idempotency_key_reused");
        assertThat(available(user)).isEqualByComparingTo("10");
    }

    @Test
    void unanswerableCommandsAreDeadLetteredWithTheReasonWhileLaterOnesAreApplied() {
        String marker = newOperationId();
        broker.send("{not json", new AMQP.BasicProperties.Builder().messageId("malformed-" + marker));
        broker.send("{\"type\":\"DEPOSIT\",\"amount\":1}", new AMQP.BasicProperties.Builder()
                .messageId("anonymous-" + marker));

        CommandBroker.Delivered later = apply(open(newOperationId(), UUID.randomUUID()));

        assertThat(later.status()).isEqualTo("SUCCEEDED");
        Map<String, GetResponse> deadLetters = awaitDeadLetters("malformed-" + marker, "anonymous-" + marker);
        GetResponse malformed = deadLetters.get("malformed-" + marker);
        assertThat(new String(malformed.getBody(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(malformed.getProps().getHeaders().get(DeadLetters.REASON_HEADER)).hasToString("malformed_json");
        assertThat(malformed.getProps().getHeaders().get(DeadLetters.DETAIL_HEADER).toString()).isNotBlank();
        assertThat(deadLetters.get("anonymous-" + marker).getProps().getHeaders().get(DeadLetters.REASON_HEADER))
                .hasToString("missing_operation_id");
        given().get(metrics.toString()).then().statusCode(200)
                .body(containsString("outcome=\"dead_lettered\",reason=\"malformed_json\",type=\"unknown\""));
    }

    @Test
    void aCommandWhoseOperationIdIsNotAValidKeyIsDeadLetteredAtOnceWithoutHoldingUpItsBatch() {
        UUID user = newAccount();
        String marker = newOperationId();
        // A CR/LF in the id would forge a log line; it must never reach a log, a claim or the rest of its batch.
        broker.send(deposit("forged\\r\\nINFO an operation that never happened", user, "5"),
                new AMQP.BasicProperties.Builder().messageId("forged-" + marker));
        CommandBroker.Delivered later = apply(deposit(newOperationId(), user, "7"));

        assertSucceeded(later, "deposit", user, "7.00");
        GetResponse deadLetter = awaitDeadLetters("forged-" + marker).get("forged-" + marker);
        assertThat(deadLetter.getProps().getHeaders().get(DeadLetters.REASON_HEADER))
                .hasToString("invalid_operation_id");
        assertThat(deadLetter.getProps().getHeaders()).doesNotContainKey("x-first-death-reason");
        assertThat(available(user)).isEqualByComparingTo("7");
    }

    @Test
    void aCommandThatKeepsFailingIsDeadLetteredByTheBrokerAfterItsDeliveryLimit() {
        UUID user = newAccount();
        String trigger = "refuse_" + user.toString().replace("-", "");
        execute("CREATE FUNCTION " + trigger + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "RAISE EXCEPTION 'refused by the test'; END; $$");
        execute("CREATE TRIGGER " + trigger + " BEFORE UPDATE ON account FOR EACH ROW WHEN (OLD.user_id = '" + user
                + "') EXECUTE FUNCTION " + trigger + "()");
        try {
            String failing = newOperationId();
            broker.send(deposit(failing, user, "10"), new AMQP.BasicProperties.Builder().messageId(failing));
            CommandBroker.Delivered other = apply(open(newOperationId(), UUID.randomUUID()));

            GetResponse deadLetter = awaitDeadLetters(failing).get(failing);
            assertThat(other.status()).isEqualTo("SUCCEEDED");
            assertThat(deadLetter.getProps().getHeaders().get("x-first-death-reason")).hasToString("delivery_limit");
            assertThat(results.of(failing)).isEmpty();
            assertThat(available(user)).isZero();
            given().get(metrics.toString()).then().statusCode(200)
                    .body(containsString("outcome=\"handed_back\",reason=\"none\",type=\"DEPOSIT\""));
        } finally {
            execute("DROP TRIGGER " + trigger + " ON account");
            execute("DROP FUNCTION " + trigger + "()");
        }
    }

    private CommandBroker.Delivered apply(String command) {
        return apply(command, 1);
    }

    /** Sends the command and returns its {@code nth} result (an operation id's earlier results count too). */
    private CommandBroker.Delivered apply(String command, int nth) {
        String operationId = command.substring(16, 16 + command.substring(16).indexOf('"'));
        broker.send(command);
        return results.await(operationId, nth).get(nth - 1);
    }

    private Map<String, GetResponse> awaitDeadLetters(String... messageIds) {
        List<GetResponse> seen = new CopyOnWriteArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            seen.addAll(broker.drain(broker.deadLetterQueue()));
            return seen.stream().map(m -> m.getProps().getMessageId()).toList().containsAll(List.of(messageIds));
        });
        return seen.stream().filter(m -> List.of(messageIds).contains(m.getProps().getMessageId()))
                .collect(java.util.stream.Collectors.toMap(m -> m.getProps().getMessageId(), m -> m, (a, b) -> a));
    }

    /**
     * The value of one series of the Prometheus scrape, 0 while it does not exist. The value is the first field after
     * the series: an exemplar (the trace of a sample, with OpenTelemetry on) may follow it.
     */
    private double counter(String series) {
        String scrape = given().get(metrics.toString()).then().statusCode(200).extract().asString();
        return scrape.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]))
                .orElse(0.0);
    }

    private void execute(String sql) {
        database.query(sql).execute().await().atMost(Duration.ofSeconds(30));
    }

    private static void assertSucceeded(CommandBroker.Delivered result, String type, UUID user, String amount) {
        assertThat(result.routingKey()).isEqualTo(type + ".succeeded");
        assertThat(result.status()).isEqualTo("SUCCEEDED");
        assertThat(result.body().path("type").asText()).isEqualTo(type.toUpperCase());
        assertThat(result.body().path("userId").asText()).isEqualTo(user.toString());
        assertThat(result.body().has("reason")).isFalse();
        assertThat(Optional.ofNullable(result.body().get("amount")).map(JsonNode::decimalValue).orElse(null))
                .isEqualTo(amount == null ? null : new BigDecimal(amount));
    }

    private static void assertBalance(CommandBroker.Delivered result, UUID user, String available, String held) {
        JsonNode balance = result.body().path("balances").path(user.toString());
        assertThat(balance.path("available").decimalValue()).isEqualTo(new BigDecimal(available));
        assertThat(balance.path("held").decimalValue()).isEqualTo(new BigDecimal(held));
    }

    private static void assertRejected(CommandBroker.Delivered result, String type, String reason) {
        assertThat(result.routingKey()).isEqualTo(type + ".rejected");
        assertThat(result.status()).isEqualTo("REJECTED");
        assertThat(result.reason()).isEqualTo(reason);
        assertThat(result.body().path("detail").asText()).isNotBlank();
        assertThat(result.body().path("balances").isEmpty()).isTrue();
    }
}
