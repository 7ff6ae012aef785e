package homework.arch.billing.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import homework.arch.billing.BillingOperation;
import homework.arch.infra.inbox.InboxConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The command consumer's workflow with the database and the broker stubbed: batching, acks after the commit, one by
 * one after a failed batch, hand-back after the retries, waiting out a database outage, a worker per event loop. (The
 * same consumer against the real broker and database: {@link BillingCommandConsumerTest}.)
 */
class CommandWorkersTest {

    private static final int RETRIES = 2;
    private static final InboxConfig RETRY = new InboxConfig() {
        public int retries() {
            return RETRIES;
        }

        public Duration minBackoff() {
            return Duration.ofMillis(1);
        }

        public Duration maxBackoff() {
            return Duration.ofMillis(5);
        }

        // Settings of the inbox's batches, which the command workers do not use (they batch by their own).
        public int batchSize() {
            return 32;
        }

        public Duration batchLinger() {
            return Duration.ofMillis(10);
        }
    };

    private final Vertx vertx = Vertx.vertx();
    /** Each transaction's commands, by operation id, in the order they were applied. */
    private final List<List<String>> transactions = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aCommandIsAckedOnlyAfterItsTransactionCompleted() {
        CompletableFuture<Void> commit = new CompletableFuture<>();
        CommandWorkers workers = started(1, 10, batch -> Uni.createFrom().completionStage(commit));
        StubDelivery delivery = new StubDelivery("a");

        workers.submit(delivery);

        await().until(() -> transactions.size() == 1);
        assertThat(delivery.acks).hasValue(0);
        commit.complete(null);
        await().untilAsserted(() -> assertThat(delivery.acks).hasValue(1));
        assertThat(delivery.handedBack).isEmpty();
    }

    @Test
    void commandsThatArriveBeforeTheWorkersStartedAreAppliedOnceTheyHave() {
        CommandWorkers workers = create(2, 10, batch -> Uni.createFrom().voidItem());
        StubDelivery a = new StubDelivery("a");
        StubDelivery b = new StubDelivery("b");

        workers.submit(a);
        workers.submit(b);
        assertThat(transactions).isEmpty();
        workers.start().await().atMost(Duration.ofSeconds(10));

        await().untilAsserted(() -> assertThat(List.of(a, b)).allSatisfy(d -> assertThat(d.acks).hasValue(1)));
        assertThat(transactions).containsExactly(List.of("a", "b"));
    }

    @Test
    void commandsThatArriveWhileTheWorkerIsBusyAreAppliedTogether() {
        CompletableFuture<Void> first = new CompletableFuture<>();
        CommandWorkers workers = started(1, 10, batch -> batch.size() == 1 && id(batch.get(0)).equals("first")
                ? Uni.createFrom().completionStage(first) : Uni.createFrom().voidItem());
        List<StubDelivery> deliveries = List.of(new StubDelivery("first"), new StubDelivery("a"),
                new StubDelivery("b"), new StubDelivery("c"));

        deliveries.forEach(workers::submit);
        first.complete(null);

        await().untilAsserted(() -> assertThat(deliveries).allSatisfy(d -> assertThat(d.acks).hasValue(1)));
        assertThat(transactions).containsExactly(List.of("first"), List.of("a", "b", "c"));
    }

    @Test
    void aFailedBatchIsAppliedAgainOneCommandPerTransaction() {
        CompletableFuture<Void> first = new CompletableFuture<>();
        CommandWorkers workers = started(1, 10, batch -> batch.size() > 1
                ? Uni.createFrom().failure(new IllegalStateException("deadlock"))
                : id(batch.get(0)).equals("first") ? Uni.createFrom().completionStage(first)
                : Uni.createFrom().voidItem());
        List<StubDelivery> deliveries = List.of(new StubDelivery("first"), new StubDelivery("a"),
                new StubDelivery("b"), new StubDelivery("c"));

        deliveries.forEach(workers::submit);
        first.complete(null);

        await().untilAsserted(() -> assertThat(deliveries).allSatisfy(d -> assertThat(d.acks).hasValue(1)));
        assertThat(transactions).containsExactly(List.of("first"), List.of("a", "b", "c"), List.of("a"),
                List.of("b"), List.of("c"));
        assertThat(deliveries).allSatisfy(d -> assertThat(d.handedBack).isEmpty());
    }

    @Test
    void aCommandThatKeepsFailingIsHandedBackAfterItsRetriesWithoutHoldingUpTheOthers() {
        CompletableFuture<Void> first = new CompletableFuture<>();
        CommandWorkers workers = started(1, 10, batch -> batch.stream().anyMatch(r -> id(r).equals("bad"))
                ? Uni.createFrom().failure(new IllegalStateException("cannot be applied"))
                : id(batch.get(0)).equals("first") ? Uni.createFrom().completionStage(first)
                : Uni.createFrom().voidItem());
        StubDelivery bad = new StubDelivery("bad");
        List<StubDelivery> good = List.of(new StubDelivery("first"), new StubDelivery("a"), new StubDelivery("c"));

        workers.submit(good.get(0));
        workers.submit(good.get(1));
        workers.submit(bad);
        workers.submit(good.get(2));
        first.complete(null);

        await().untilAsserted(() -> assertThat(bad.handedBack).hasSize(1));
        await().untilAsserted(() -> assertThat(good).allSatisfy(d -> assertThat(d.acks).hasValue(1)));
        assertThat(bad.acks).hasValue(0);
        assertThat(bad.handedBack.get(0)).hasMessage("cannot be applied");
        // Besides the batch, alone: once and RETRIES more times.
        assertThat(transactions.stream().filter(t -> t.equals(List.of("bad")))).hasSize(1 + RETRIES);
    }

    @Test
    void duringADatabaseOutageACommandWaitsForTheDatabaseInsteadOfBeingHandedBack() {
        AtomicInteger attempts = new AtomicInteger();
        int outage = RETRIES + 5;
        CommandWorkers workers = started(1, 10, batch -> attempts.incrementAndGet() <= outage
                ? Uni.createFrom().failure(new ConnectException("Connection refused"))
                : Uni.createFrom().voidItem());
        StubDelivery delivery = new StubDelivery("a");

        workers.submit(delivery);

        await().untilAsserted(() -> assertThat(delivery.acks).hasValue(1));
        assertThat(attempts).hasValue(outage + 1);
        assertThat(delivery.handedBack).isEmpty();
    }

    @Test
    void eachWorkerAppliesItsBatchOnAnEventLoopOfItsOwnAtTheSameTime() {
        CompletableFuture<Void> release = new CompletableFuture<>();
        CommandWorkers workers = started(2, 10, batch -> Uni.createFrom().completionStage(release));
        StubDelivery a = new StubDelivery("a");
        StubDelivery b = new StubDelivery("b");

        workers.submit(a);
        workers.submit(b);

        // Both transactions are open at once, each on its own event-loop thread.
        await().until(() -> transactions.size() == 2);
        assertThat(Set.copyOf(threads)).hasSize(2).allSatisfy(thread -> assertThat(thread).contains("eventloop"));
        release.complete(null);
        await().untilAsserted(() -> assertThat(List.of(a, b)).allSatisfy(d -> assertThat(d.acks).hasValue(1)));
    }

    private CommandWorkers started(int workers, int batchSize, Function<List<ReceivedCommand>, Uni<Void>> apply) {
        CommandWorkers commandWorkers = create(workers, batchSize, apply);
        commandWorkers.start().await().atMost(Duration.ofSeconds(10));
        return commandWorkers;
    }

    private CommandWorkers create(int workers, int batchSize, Function<List<ReceivedCommand>, Uni<Void>> apply) {
        return new CommandWorkers(vertx, workers, batchSize, RETRY, batch -> {
            transactions.add(batch.stream().map(CommandWorkersTest::id).toList());
            threads.add(Thread.currentThread().getName());
            return apply.apply(batch);
        });
    }

    private static String id(ReceivedCommand received) {
        return received.command().operationId();
    }

    /** A message as the broker would hand it over, recording how it was settled. */
    private static final class StubDelivery implements CommandWorkers.Delivery {

        private final ReceivedCommand received;
        final AtomicInteger acks = new AtomicInteger();
        final List<Throwable> handedBack = new CopyOnWriteArrayList<>();

        StubDelivery(String operationId) {
            BillingOperation deposit = new BillingOperation.Deposit(UUID.randomUUID(), BigDecimal.TEN);
            this.received = new ReceivedCommand(new ParsedCommand.Command(operationId, "DEPOSIT", null, deposit,
                    null, null), null, null, "workers-test", "sender", Map.of());
        }

        public ReceivedCommand received() {
            return received;
        }

        public void ack() {
            acks.incrementAndGet();
        }

        public void handBack(Throwable failure) {
            handedBack.add(failure);
        }
    }
}
