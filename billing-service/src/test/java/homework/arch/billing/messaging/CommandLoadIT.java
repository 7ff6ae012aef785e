package homework.arch.billing.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import homework.arch.testsupport.TestTokens;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The command queue under load, against the packaged application started twice as independent processes (two
 * workers on one queue, one database): 2,000 random commands over 20 accounts, a tenth of them repeating an earlier
 * operation id and some unreadable, published from several connections at once. Every valid operation has exactly
 * one effect, the balances are what replaying the accepted operations gives, no balance was ever negative, the
 * dead-letter queue holds exactly the unreadable messages and the ledger reconciles; also when one worker is killed
 * with SIGKILL in the middle of the load and started again.
 * <p>
 * The workers are plain processes with the test profiles, so they need the servers on this machine (profile
 * {@code local}); with Dev Services (a Docker engine, profile {@code test} alone) this test is skipped.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommandLoadIT {

    private static final int COMMANDS = 2_000;
    private static final int ACCOUNTS = 20;
    private static final int PUBLISHERS = 4;
    private static final long OPENING_BALANCE = 1_000_00;
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    // Of this run's own: nobody else's commands, results or dead letters, and nobody else takes ours.
    private static final String QUEUE = "billing.commands.load-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String profiles;
    private static CommandBroker broker;
    private static Connection database;
    private static WorkerProcess first;
    private static WorkerProcess second;

    @BeforeAll
    static void startTwoWorkers() throws SQLException {
        profiles = System.getProperty("quarkus.test.integration-test-profile", "test,local");
        assumeTrue(List.of(profiles.split(",")).contains("local"),
                "The worker processes need the servers on this machine (profile local)");
        CompletableFuture<WorkerProcess> one = CompletableFuture.supplyAsync(() -> WorkerProcess.start(
                "command-worker-1", profiles, QUEUE));
        CompletableFuture<WorkerProcess> two = CompletableFuture.supplyAsync(() -> WorkerProcess.start(
                "command-worker-2", profiles, QUEUE));
        first = one.join();
        second = two.join();
        broker = CommandQueues.localBroker(QUEUE);
        // The %local datasource of the %test profile: database billing_test, role billing.
        database = DriverManager.getConnection("jdbc:postgresql://" + CommandQueues.env("PGHOST", "127.0.0.1") + ":"
                + CommandQueues.env("PGPORT", "5432") + "/billing_test", "billing", "billing");
    }

    @AfterAll
    static void stopWorkers() throws Exception {
        for (WorkerProcess worker : new WorkerProcess[] { first, second }) {
            if (worker != null) {
                worker.close();
            }
        }
        if (broker != null) {
            broker.delete(broker.commandQueue());
            broker.delete(broker.deadLetterQueue());
            broker.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    @Order(1)
    void twoWorkersApplyEveryCommandExactlyOnce() {
        Load load = new Load(new Random(1));
        long started = System.nanoTime();

        load.publish();
        load.awaitSettled();

        load.verify(Duration.ofNanos(System.nanoTime() - started));
    }

    @Test
    @Order(2)
    void aWorkerKilledWithSigkillMidLoadLosesNoCommandAndAppliesNoneTwice() {
        Load load = new Load(new Random(2));
        long started = System.nanoTime();

        CompletableFuture<Void> publishing = CompletableFuture.runAsync(load::publish);
        Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(5))
                .until(() -> load.ours(load.results.all()).size() >= load.operationIds().size() / 5);
        int answeredBeforeKill = load.ours(load.results.all()).size();
        second.kill();
        second = WorkerProcess.start("command-worker-2-restarted", profiles, QUEUE);
        publishing.join();
        load.awaitSettled();

        System.out.printf("[load] worker 2 killed after %d of %d results; restarted as pid %d%n", answeredBeforeKill,
                load.sent.size() - load.malformed().size(), second.pid());
        assertThat(answeredBeforeKill).as("the kill came in the middle of the load")
                .isLessThan(load.operationIds().size());
        load.verify(Duration.ofNanos(System.nanoTime() - started));
    }

    /** One command as sent; {@code operation} is null for an unreadable one. */
    private record Sent(String messageId, String body, Planned operation) {
    }

    /** What a sent command asks for, as far as replaying it needs. */
    private record Planned(String operationId, String type, UUID userId, UUID toUserId, long amount, String holdId,
            Long captureAmount, boolean valid) {
    }

    /** One run: its own accounts, its own commands and a queue bound to billing.results from before the first. */
    private static final class Load {

        private final Random random;
        private final List<UUID> accounts = IntStream.range(0, ACCOUNTS).mapToObj(i -> UUID.randomUUID()).toList();
        private final List<Sent> sent = new ArrayList<>();
        private final List<Planned> holds = new ArrayList<>();
        private final CommandBroker.Collector results;

        Load(Random random) {
            this.random = random;
            broker.purge(broker.commandQueue());
            broker.purge(broker.deadLetterQueue());
            openAccounts();
            this.results = broker.results();
            generate();
        }

        /**
         * Every account opened with the opening balance, through commands too; not part of the load. Workers apply
         * commands in any order, so the deposits go only once the accounts exist.
         */
        private void openAccounts() {
            CommandBroker.Collector setup = broker.results();
            accounts.forEach(account -> broker.send(Commands.open("open-" + account, account)));
            accounts.forEach(account -> assertThat(setup.awaitOne("open-" + account).status()).isEqualTo("SUCCEEDED"));
            accounts.forEach(account -> broker.send(Commands.deposit("opening-" + account, account, "1000.00")));
            accounts.forEach(account -> assertThat(setup.awaitOne("opening-" + account).status())
                    .isEqualTo("SUCCEEDED"));
        }

        private void generate() {
            List<Sent> answerable = new ArrayList<>();
            for (int i = 0; i < COMMANDS; i++) {
                int dice = random.nextInt(100);
                Sent next;
                if (dice < 10 && !answerable.isEmpty()) {
                    Sent earlier = answerable.get(random.nextInt(answerable.size()));
                    next = new Sent("repeat-" + i, earlier.body(), earlier.operation());
                } else if (dice < 13) {
                    next = malformed(i);
                } else {
                    next = command(i, dice);
                    answerable.add(next);
                }
                sent.add(next);
            }
        }

        private Sent malformed(int i) {
            String[] bodies = { "{\"operationId\":\"m-" + i + "\",\"type\":\"DEPOSIT\"", "not a command",
                "{\"type\":\"DEPOSIT\",\"userId\":\"" + account() + "\",\"amount\":1}",
                "{\"operationId\":" + i + ",\"type\":\"DEPOSIT\"}", "[]" };
            return new Sent("malformed-" + i, bodies[i % bodies.length], null);
        }

        private Sent command(int i, int dice) {
            String operationId = UUID.randomUUID().toString();
            UUID user = account();
            long amount = 1 + random.nextInt(20_000);
            String money = BigDecimal.valueOf(amount, 2).toPlainString();
            Planned planned;
            String body;
            if (dice < 15) {
                planned = new Planned(operationId, "DEPOSIT", user, null, 0, null, null, false);
                body = Commands.deposit(operationId, user, "-" + money);
            } else if (dice < 30) {
                planned = new Planned(operationId, "DEPOSIT", user, null, amount, null, null, true);
                body = Commands.deposit(operationId, user, money);
            } else if (dice < 48) {
                planned = new Planned(operationId, "WITHDRAW", user, null, amount, null, null, true);
                body = Commands.withdraw(operationId, user, money);
            } else if (dice < 70) {
                UUID payee = account();
                planned = new Planned(operationId, "TRANSFER", user, payee, amount, null, null, true);
                body = Commands.transfer(operationId, user, payee, money);
            } else if (dice < 84 || holds.isEmpty()) {
                planned = new Planned(operationId, "HOLD", user, null, amount, operationId, null, true);
                body = Commands.hold(operationId, user, money);
                holds.add(planned);
            } else {
                Planned hold = holds.get(random.nextInt(holds.size()));
                if (dice < 92) {
                    Long part = random.nextBoolean() ? null : 1L + random.nextInt(15_000);
                    planned = new Planned(operationId, "CAPTURE", hold.userId(), null, 0, hold.holdId(), part, true);
                    body = Commands.capture(operationId, hold.userId(), hold.holdId(),
                            part == null ? null : BigDecimal.valueOf(part, 2).toPlainString());
                } else {
                    planned = new Planned(operationId, "RELEASE", hold.userId(), null, 0, hold.holdId(), null, true);
                    body = Commands.release(operationId, hold.userId(), hold.holdId());
                }
            }
            return new Sent("command-" + i, body, planned);
        }

        private UUID account() {
            return accounts.get(random.nextInt(accounts.size()));
        }

        /** Every command, from several connections at once, each confirmed by the broker. */
        void publish() {
            IntStream.range(0, PUBLISHERS).parallel().forEach(p -> {
                CommandBroker.Publisher publisher = broker.publisher();
                for (int i = p; i < sent.size(); i += PUBLISHERS) {
                    Sent message = sent.get(i);
                    publisher.send(message.body(), new AMQP.BasicProperties.Builder().messageId(message.messageId())
                            .contentType("application/json"));
                }
                publisher.confirmed();
            });
        }

        void awaitSettled() {
            Map<String, Long> sends = sendsByOperation();
            Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
                Map<String, Long> answered = countByOperation(results.all());
                return sends.entrySet().stream().allMatch(e -> answered.getOrDefault(e.getKey(), 0L) >= e.getValue())
                        && broker.ready(broker.deadLetterQueue()) >= malformed().size();
            });
        }

        /**
         * Results are at least once (a command redelivered after its commit, e.g. when a worker dies or the broker
         * restarts, gets its result again), so every command has at least one and all of an operation agree; effects
         * are exactly once.
         */
        void verify(Duration elapsed) {
            Map<String, Long> sends = sendsByOperation();
            Map<String, List<CommandBroker.Delivered>> byOperation = ours(results.all()).stream()
                    .collect(Collectors.groupingBy(CommandBroker.Delivered::operationId));
            assertThat(sends.keySet()).as("operations without a result").isSubsetOf(byOperation.keySet());
            byOperation.forEach((operationId, answers) -> {
                assertThat(answers).extracting(CommandBroker.Delivered::content).as(operationId)
                        .containsOnly(answers.get(0).content());
                assertThat((long) answers.size()).as("a result for every command of " + operationId)
                        .isGreaterThanOrEqualTo(sends.get(operationId));
            });
            Map<String, String> status = byOperation.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(0).status()));
            Map<String, Planned> planned = sent.stream().filter(s -> s.operation() != null)
                    .collect(Collectors.toMap(s -> s.operation().operationId(), Sent::operation, (a, b) -> a));
            planned.values().stream().filter(p -> !p.valid())
                    .forEach(p -> assertThat(byOperation.get(p.operationId()).get(0).reason())
                            .isEqualTo("validation_failed"));

            Map<String, Long> effects = effectsOf(planned.keySet());
            status.forEach((operationId, outcome) -> assertThat(effects.getOrDefault(operationId, 0L))
                    .as("journal entries of " + operationId + " (" + outcome + ")")
                    .isEqualTo("SUCCEEDED".equals(outcome) ? 1L : 0L));
            Map<UUID, long[]> expected = replay(planned, byOperation);
            for (UUID account : accounts) {
                JsonNode actual = get(first.url("/billing/accounts/" + account), TestTokens.bearer(account));
                assertThat(minor(actual.path("available")) + "/" + minor(actual.path("held")))
                        .as("balance of " + account).isEqualTo(expected.get(account)[0] + "/" + expected.get(account)[1]);
            }
            assertThat(negativeBalancesEver()).isZero();
            ours(results.all()).forEach(result -> result.body().path("balances").forEach(balance -> {
                assertThat(balance.path("available").decimalValue()).isNotNegative();
                assertThat(balance.path("held").decimalValue()).isNotNegative();
            }));

            List<GetResponse> deadLetters = broker.drain(broker.deadLetterQueue());
            List<String> deadLetterIds = deadLetters.stream().map(m -> m.getProps().getMessageId()).toList();
            List<String> malformedIds = malformed().stream().map(Sent::messageId).toList();
            assertThat(deadLetterIds).as("the dead letters are the unreadable messages, each at least once")
                    .containsAll(malformedIds).containsOnlyElementsOf(malformedIds);
            assertThat(deadLetters).allSatisfy(m -> assertThat(m.getProps().getHeaders())
                    .containsKey(DeadLetters.REASON_HEADER));
            assertThat(get(first.managementUrl("reconciliation")).path("consistent").asBoolean()).isTrue();
            assertThat(get(second.managementUrl("reconciliation")).path("consistent").asBoolean()).isTrue();

            Map<String, Long> outcomes = byOperation.entrySet().stream().collect(Collectors.groupingBy(
                    e -> planned.get(e.getKey()).type() + " " + e.getValue().get(0).status(), java.util.TreeMap::new,
                    Collectors.counting()));
            for (String type : List.of("DEPOSIT", "WITHDRAW", "TRANSFER", "HOLD", "CAPTURE", "RELEASE")) {
                assertThat(outcomes.getOrDefault(type + " SUCCEEDED", 0L)).as(type + " applied").isPositive();
            }
            System.out.printf("[load] %d commands (%d operations, %d repeats, %d unreadable) -> %d results, %d dead "
                    + "letters in %d ms (%.0f commands/s); outcomes %s%n", sent.size(), sends.size(),
                    sent.size() - sends.size() - malformedIds.size(), malformedIds.size(), ours(results.all()).size(),
                    deadLetters.size(), elapsed.toMillis(), sent.size() * 1000.0 / elapsed.toMillis(), outcomes);
        }

        /** The balances that applying exactly the SUCCEEDED operations to the opening balances gives. */
        private Map<UUID, long[]> replay(Map<String, Planned> planned,
                Map<String, List<CommandBroker.Delivered>> byOperation) {
            Map<UUID, long[]> balances = new HashMap<>();
            accounts.forEach(account -> balances.put(account, new long[] { OPENING_BALANCE, 0 }));
            Map<String, Planned> holdsById = holds.stream().collect(Collectors.toMap(Planned::holdId,
                    Function.identity()));
            byOperation.forEach((operationId, answers) -> {
                if (!"SUCCEEDED".equals(answers.get(0).status())) {
                    return;
                }
                Planned p = planned.get(operationId);
                switch (p.type()) {
                    case "DEPOSIT" -> balances.get(p.userId())[0] += p.amount();
                    case "WITHDRAW" -> balances.get(p.userId())[0] -= p.amount();
                    case "TRANSFER" -> {
                        balances.get(p.userId())[0] -= p.amount();
                        balances.get(p.toUserId())[0] += p.amount();
                    }
                    case "HOLD" -> {
                        balances.get(p.userId())[0] -= p.amount();
                        balances.get(p.userId())[1] += p.amount();
                    }
                    case "CAPTURE" -> {
                        long held = holdsById.get(p.holdId()).amount();
                        long taken = p.captureAmount() == null ? held : p.captureAmount();
                        assertThat(minor(answers.get(0).body().path("amount"))).isEqualTo(taken);
                        balances.get(p.userId())[1] -= held;
                        balances.get(p.userId())[0] += held - taken;
                    }
                    case "RELEASE" -> {
                        long held = holdsById.get(p.holdId()).amount();
                        balances.get(p.userId())[1] -= held;
                        balances.get(p.userId())[0] += held;
                    }
                    default -> throw new IllegalStateException(p.type());
                }
            });
            return balances;
        }

        /**
         * The results of this load's operations. Others may use the broker at the same time (a billing started by
         * make run publishes to billing.results too); the unreadable commands have no operation id to answer under.
         */
        List<CommandBroker.Delivered> ours(List<CommandBroker.Delivered> delivered) {
            Map<String, Long> sends = sendsByOperation();
            return delivered.stream().filter(result -> sends.containsKey(result.operationId())).toList();
        }

        Map<String, Long> sendsByOperation() {
            return sent.stream().filter(s -> s.operation() != null)
                    .collect(Collectors.groupingBy(s -> s.operation().operationId(), Collectors.counting()));
        }

        List<String> operationIds() {
            return List.copyOf(sendsByOperation().keySet());
        }

        List<Sent> malformed() {
            return sent.stream().filter(s -> s.operation() == null).toList();
        }

        private Map<String, Long> countByOperation(List<CommandBroker.Delivered> delivered) {
            return delivered.stream().collect(Collectors.groupingBy(CommandBroker.Delivered::operationId,
                    Collectors.counting()));
        }

        /** Journal transactions per operation id. */
        private Map<String, Long> effectsOf(java.util.Set<String> operationIds) {
            try (PreparedStatement query = database.prepareStatement("SELECT operation_id, count(*) FROM "
                    + "ledger_transaction WHERE operation_id = ANY(?) GROUP BY operation_id")) {
                query.setArray(1, database.createArrayOf("varchar", operationIds.toArray()));
                Map<String, Long> effects = new HashMap<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        effects.put(rows.getString(1), rows.getLong(2));
                    }
                }
                return effects;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Postings of these accounts that left a negative part behind, and accounts negative now (both 0). */
        private long negativeBalancesEver() {
            try (PreparedStatement query = database.prepareStatement("SELECT (SELECT count(*) FROM posting WHERE "
                    + "account_id = ANY(?) AND (available_after < 0 OR held_after < 0)) + (SELECT count(*) FROM "
                    + "account WHERE user_id = ANY(?) AND (available < 0 OR held < 0))")) {
                java.sql.Array ids = database.createArrayOf("uuid", accounts.toArray());
                query.setArray(1, ids);
                query.setArray(2, ids);
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static long minor(JsonNode amount) {
        return amount.decimalValue().movePointRight(2).longValueExact();
    }

    private static JsonNode get(String url) {
        return get(url, null);
    }

    /** @param authorization the Authorization header, or null */
    private static JsonNode get(String url, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
