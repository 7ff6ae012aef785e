package homework.arch.billing.messaging;

import static homework.arch.billing.Http.accountWith;
import static homework.arch.billing.Http.available;
import static homework.arch.billing.Http.newAccount;
import static homework.arch.billing.messaging.Commands.command;
import static homework.arch.billing.messaging.Commands.deposit;
import static homework.arch.billing.messaging.Commands.hold;
import static homework.arch.billing.messaging.Commands.newOperationId;
import static homework.arch.billing.messaging.Commands.transfer;
import static homework.arch.billing.messaging.Commands.withdraw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One batch of movements in one transaction (the path the consumer takes for a batch of deposits, withdrawals and
 * transfers): accepted, refused, replayed and unreadable commands side by side, each answered as if it ran alone;
 * and batches of several senders, whose equal operation ids are different operations.
 */
@QuarkusTest
@WithTestResource(CommandQueues.class)
class CommandBatchTest {

    @Inject
    CommandBatches commands;

    @Inject
    CommandParser parser;

    @Inject
    Vertx vertx;

    @Test
    void eachCommandOfABatchIsAnsweredAsIfItRanAlone() {
        UUID alice = accountWith("100");
        UUID bob = newAccount();
        String earlier = newOperationId();
        apply(deposit(earlier, alice, "5"));

        List<CommandBatches.Answered> outcomes = apply(
                deposit(newOperationId(), alice, "10"),
                withdraw(newOperationId(), bob, "50"),
                transfer(newOperationId(), alice, bob, "30"),
                deposit(earlier, alice, "5"),
                command(newOperationId(), "WITHDRAW", "\"userId\":\"" + alice + "\",\"amount\":0.001"),
                withdraw(newOperationId(), alice, "86"),
                withdraw(newOperationId(), alice, "85"));

        assertThat(outcomes).extracting(o -> o.result().status().name(), o -> o.result().reason(),
                CommandBatches.Answered::replayed).containsExactly(
                tuple("SUCCEEDED", null, false),
                tuple("REJECTED", "insufficient_funds", false),
                tuple("SUCCEEDED", null, false),
                tuple("SUCCEEDED", null, true),
                tuple("REJECTED", "validation_failed", false),
                tuple("REJECTED", "insufficient_funds", false),
                tuple("SUCCEEDED", null, false));
        // 100 + 5 (once) + 10 - 30 - 85; the batch saw its own earlier commands, as one at a time would.
        assertThat(available(alice)).isEqualByComparingTo("0");
        assertThat(available(bob)).isEqualByComparingTo("30");
    }

    @Test
    void aRefusedCommandsAnswerIsRecordedUnderItsIdInEitherKindOfBatch() {
        UUID alice = accountWith("100");
        String refused = newOperationId();
        String overPrecise = command(refused, "WITHDRAW", "\"userId\":\"" + alice + "\",\"amount\":0.001");

        // Movements only: their ids are claimed together, the refusal's after them.
        CommandBatches.Answered first = apply(overPrecise, deposit(newOperationId(), alice, "1")).get(0);
        // Not only movements (a hold): one after the other.
        List<CommandBatches.Answered> again = apply(
                overPrecise.replace(",", ", "),
                withdraw(refused, alice, "1"),
                hold(newOperationId(), alice, "1"));

        assertThat(first.result().reason()).isEqualTo("validation_failed");
        assertThat(first.replayed()).isFalse();
        // The same command, whitespace aside: a redelivery, answered with the recorded refusal.
        assertThat(again.get(0).replayed()).isTrue();
        assertThat(again.get(0).result()).usingRecursiveComparison().ignoringFields("eventId", "occurredAt")
                .isEqualTo(first.result());
        assertThat(again).extracting(o -> o.result().status().name(), o -> o.result().reason(),
                CommandBatches.Answered::replayed).containsExactly(
                tuple("REJECTED", "validation_failed", true),
                tuple("REJECTED", "idempotency_key_reused", false),
                tuple("SUCCEEDED", null, false));
        assertThat(available(alice)).isEqualByComparingTo("100");
    }

    @Test
    void aBatchWithARefusedCommandAndAMovementUnderOneIdAnswersThemInTheirOrder() {
        UUID alice = accountWith("100");
        String shared = newOperationId();

        List<CommandBatches.Answered> outcomes = apply(
                command(shared, "WITHDRAW", "\"userId\":\"" + alice + "\""),
                withdraw(shared, alice, "1"),
                deposit(newOperationId(), alice, "1"));

        assertThat(outcomes).extracting(o -> o.result().status().name(), o -> o.result().reason())
                .containsExactly(tuple("REJECTED", "validation_failed"), tuple("REJECTED", "idempotency_key_reused"),
                        tuple("SUCCEEDED", null));
        assertThat(available(alice)).isEqualByComparingTo("101");
    }

    @Test
    void equalOperationIdsOfTwoSendersInOneBatchAreTwoOperations() {
        UUID alice = accountWith("100");
        UUID bob = newAccount();
        String deposit = newOperationId();
        String transfer = newOperationId();
        List<ReceivedCommand> movements = List.of(
                received("sender-a", deposit(deposit, alice, "10")),
                received("sender-b", deposit(deposit, alice, "10")),
                received(null, deposit(deposit, alice, "10")),
                received("sender-a", transfer(transfer, alice, bob, "30")),
                received("sender-b", transfer(transfer, alice, bob, "30")));

        assertThat(apply(movements)).extracting(o -> o.result().status().name(), CommandBatches.Answered::replayed)
                .containsOnly(tuple("SUCCEEDED", false)).hasSize(5);
        // Each sender's repeat is its own operation's replay, with its own result (both balances: a trusted sender).
        List<CommandBatches.Answered> again = apply(movements);
        assertThat(again).extracting(o -> o.result().status().name(), CommandBatches.Answered::replayed)
                .containsOnly(tuple("SUCCEEDED", true)).hasSize(5);
        assertThat(again.get(4).result().balances()).containsOnlyKeys(alice, bob);
        assertThat(available(alice)).isEqualByComparingTo("70");
        assertThat(available(bob)).isEqualByComparingTo("60");
    }

    @Test
    void aBatchThatIsNotOnlyMovementsTellsSendersApartToo() {
        UUID alice = accountWith("100");
        String deposit = newOperationId();
        String hold = newOperationId();

        List<CommandBatches.Answered> outcomes = apply(List.of(
                received("sender-a", deposit(deposit, alice, "10")),
                received("sender-b", deposit(deposit, alice, "10")),
                received("sender-a", hold(hold, alice, "5")),
                // A HOLD's id is its operation id: another sender's hold cannot take it.
                received("sender-b", hold(hold, alice, "5"))));

        assertThat(outcomes).extracting(o -> o.result().status().name(), o -> o.result().reason(),
                CommandBatches.Answered::replayed).containsExactly(
                tuple("SUCCEEDED", null, false),
                tuple("SUCCEEDED", null, false),
                tuple("SUCCEEDED", null, false),
                tuple("REJECTED", "hold_exists", false));
        assertThat(available(alice)).isEqualByComparingTo("115");
    }

    private ReceivedCommand received(String sender, String body) {
        return new ReceivedCommand((ParsedCommand.Command) parser.parse(body.getBytes(StandardCharsets.UTF_8)), null,
                null, "batch-test", sender, Map.of());
    }

    private List<CommandBatches.Answered> apply(String... bodies) {
        return apply(Arrays.stream(bodies).map(body -> received(null, body)).toList());
    }

    private List<CommandBatches.Answered> apply(List<ReceivedCommand> batch) {
        // Where the consumer runs its batches: Hibernate Reactive sessions live on a Vert.x context.
        return Uni.createFrom().<List<CommandBatches.Answered>>emitter(emitter -> {
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> commands.apply(batch).subscribe().with(emitter::complete, emitter::fail));
        }).await().atMost(Duration.ofSeconds(30));
    }
}
