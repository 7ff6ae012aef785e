package bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Billing commands: a burst of DEPOSIT / WITHDRAW / TRANSFER commands on {@code billing.commands} (persistent,
 * confirmed), over accounts funded so that none is refused, timed from the first publish until the last result
 * arrives on {@code billing.results}. Exact when every command has one SUCCEEDED result and every balance equals its
 * replay.
 */
final class Commands {

    /** billing's command exchange (direct, bound to the queue of the same name, routing key = the queue's name). */
    private static final String QUEUE = "billing.commands";
    /** The broker user commands are sent as: billing's allowed sender in the local stack (scripts/stack.sh). */
    private static final String SENDER = "billing-commands-sender";
    private static final String DEAD_LETTERS = "billing.commands.dlq";
    private static final String RESULTS = "billing.results";
    private static final long FUNDING_MINOR = 100_000;
    private static final int CONFIRM_EVERY = 500;

    private final Settings settings;
    private final Db db;
    private final Profiler profiler;
    private final String virtualHost;
    private final String run;
    private final List<UUID> accounts = new ArrayList<>();
    /** What each account should hold after every command sent so far. */
    private final Map<UUID, Long> expected = new LinkedHashMap<>();

    Commands(Settings settings, Db db, Profiler profiler, String virtualHost, String run) {
        this.settings = settings;
        this.db = db;
        this.profiler = profiler;
        this.virtualHost = virtualHost;
        this.run = run;
    }

    /**
     * Accounts straight on billing (no users needed), each with one deposit, through the queue this phase measures
     * (opening an account is no public operation): OPEN_ACCOUNT commands, then, once every account exists, DEPOSIT
     * commands (sent together, a deposit could be applied by one worker before another opened its account).
     */
    void createAccounts() throws Exception {
        List<UUID> ids = IntStream.range(0, settings.commandAccounts()).mapToObj(i -> UUID.randomUUID()).toList();
        try (Connection connection = connect("setup"); Connection sender = sender("setup")) {
            String prefix = "bench-" + run + "-setup-";
            apply(connection, sender, prefix + "open-", ids.stream().map(id -> Json.object().put("type", "OPEN_ACCOUNT")
                    .put("userId", id.toString())).toList());
            apply(connection, sender, prefix + "fund-", ids.stream().map(id -> Json.object().put("type", "DEPOSIT")
                    .put("userId", id.toString()).put("amount", Money.render(FUNDING_MINOR))).toList());
        }
        accounts.addAll(ids);
        ids.forEach(id -> expected.put(id, FUNDING_MINOR));
    }

    /** Sends the commands (each given its operation id) and waits until every one has succeeded. */
    private static void apply(Connection connection, Connection sender, String prefix, List<ObjectNode> commands)
            throws Exception {
        List<byte[]> bodies = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            bodies.add(Json.write(commands.get(i).put("operationId", prefix + i)).getBytes(StandardCharsets.UTF_8));
        }
        try (Results results = new Results(connection, prefix, bodies.size());
                Channel publish = sender.createChannel()) {
            publish.confirmSelect();
            publish(publish, prefix, bodies);
            boolean complete = results.await(Math.max(60, bodies.size() / 100));
            long failed = results.statuses.values().stream().filter(status -> !status.equals("SUCCEEDED")).count();
            if (!complete || failed > 0) {
                throw new IllegalStateException("setting up accounts: " + results.statuses.size() + " of "
                        + bodies.size() + " results of " + prefix + "* arrived, " + failed + " not SUCCEEDED");
            }
        }
    }

    private Connection connect(String label) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(settings.rabbitHost());
        factory.setPort(settings.rabbitPort());
        factory.setUsername("guest");
        factory.setPassword("guest");
        factory.setVirtualHost(virtualHost);
        return factory.newConnection("bench commands " + label);
    }

    /** As the command sender, with the password `make run` made (.run/keys): it may only publish commands. */
    private Connection sender(String label) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(settings.rabbitHost());
        factory.setPort(settings.rabbitPort());
        factory.setUsername(SENDER);
        factory.setPassword(java.nio.file.Files.readString(settings.runDir().resolve("keys")
                .resolve(SENDER + ".rabbitmq-password")).strip());
        factory.setVirtualHost(virtualHost);
        return factory.newConnection("bench commands (sender) " + label);
    }

    /**
     * An unmeasured warm-up burst, as the e2e phases have one (a second process is new, and nothing before this phase
     * ran the first one's batch code), then fresh statistics of the tables it grew, then the measured burst.
     */
    ObjectNode run(String label, int workerProcesses) throws Exception {
        try (Connection connection = connect(label); Connection sender = sender(label)) {
            ObjectNode warmUp = burst(connection, sender, "warmup-" + label, settings.commandsWarmUp(), workerProcesses, false);
            if (!warmUp.get("complete").asBoolean()) {
                throw new IllegalStateException("the warm-up's results did not all arrive: " + warmUp);
            }
            double vacuumSeconds = db.vacuumLikeAutovacuum();
            ObjectNode result = burst(connection, sender, label, settings.commands(), workerProcesses, true);
            result.put("warmUpCommands", settings.commandsWarmUp()).put("vacuumSecondsAfterWarmUp", vacuumSeconds);
            return result;
        }
    }

    private ObjectNode burst(Connection connection, Connection sender, String label, int n, int workerProcesses, boolean measured)
            throws Exception {
        String prefix = "bench-" + run + "-" + label + "-";
        try (Results answers = new Results(connection, prefix, n); Channel publish = sender.createChannel();
                Channel inspect = connection.createChannel()) {
            Map<String, String> results = answers.statuses;
            long deadLettersBefore = inspect.queueDeclarePassive(DEAD_LETTERS).getMessageCount();
            List<byte[]> bodies = commands(prefix, n);

            Profiler.Phase phase = measured ? profiler.begin("commands " + label) : null;
            publish.confirmSelect();
            long startEpochMicros = java.time.Instant.now().toEpochMilli() * 1000;
            long start = System.nanoTime();
            publish(publish, prefix, bodies);
            double publishSeconds = (System.nanoTime() - start) / 1e9;
            long patienceSeconds = Math.max(60, n / 300);
            boolean complete = answers.await(patienceSeconds);
            double seconds = ((complete ? answers.lastNanos.get() : System.nanoTime()) - start) / 1e9;
            if (!measured) {
                System.out.printf("  warm-up with %d worker process(es): %d commands in %.1f s (publishing took %.1f s)%n",
                        workerProcesses, n, seconds, publishSeconds);
                // Which side was slow, should it not complete: the publishing (the broker) or the results (billing).
                return Json.object().put("commands", n).put("complete", complete).put("results", results.size())
                        .put("publishSeconds", Json.round(publishSeconds, 2));
            }
            ObjectNode profile = phase.end();
            long deadLetters = inspect.queueDeclarePassive(DEAD_LETTERS).getMessageCount() - deadLettersBefore;

            long succeeded = results.values().stream().filter("SUCCEEDED"::equals).count();
            long balancesWrong = balancesWrong();
            long[] applied = applied(prefix);
            double appliedSeconds = applied[1] / 1e6 - startEpochMicros / 1e6;
            ObjectNode result = Json.object().put("workerProcesses", workerProcesses).put("commands", n)
                    .put("seconds", Json.round(seconds, 2))
                    .put("commandsPerSec", Json.round(results.size() / seconds, 1))
                    .put("publishSeconds", Json.round(publishSeconds, 2))
                    .put("results", results.size()).put("applied", applied[0])
                    .put("appliedPerSec", Json.round(applied[0] / appliedSeconds, 1)).put("succeeded", succeeded)
                    .put("duplicateResults", answers.duplicates.get()).put("deadLettered", deadLetters)
                    .put("accountsWithWrongBalance", balancesWrong)
                    .put("complete", complete)
                    .put("exact", complete && succeeded == n && balancesWrong == 0 && deadLetters == 0);
            result.set("profile", profile);
            System.out.printf("  commands with %d worker process(es): %.1f/s (%d in %.1f s), exact %s%n",
                    workerProcesses, result.get("commandsPerSec").asDouble(), n, seconds,
                    result.get("exact").asBoolean());
            return result;
        }
    }

    /** Persistent messages on the queue, message id = operation id = prefix + index, confirmed in batches. */
    private static void publish(Channel channel, String prefix, List<byte[]> bodies) throws Exception {
        for (int i = 0; i < bodies.size(); i++) {
            channel.basicPublish(QUEUE, QUEUE, new AMQP.BasicProperties.Builder().deliveryMode(2).userId(SENDER)
                    .contentType("application/json").messageId(prefix + i).build(), bodies.get(i));
            if ((i + 1) % CONFIRM_EVERY == 0 || i == bodies.size() - 1) {
                channel.waitForConfirmsOrDie(30_000);
            }
        }
    }

    /**
     * The results on {@code billing.results} of the commands whose operation ids start with a prefix, as they arrive
     * (listening from before the first is sent): the first status of each, and how many came twice.
     */
    private static final class Results implements AutoCloseable {
        final Map<String, String> statuses = new ConcurrentHashMap<>();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong lastNanos = new AtomicLong();
        private final CountDownLatch all;
        private final Channel channel;

        Results(Connection connection, String prefix, int expected) throws java.io.IOException {
            all = new CountDownLatch(expected);
            channel = connection.createChannel();
            channel.exchangeDeclare(RESULTS, "topic", true);
            String queue = channel.queueDeclare("", false, true, true, null).getQueue();
            channel.queueBind(queue, RESULTS, "#");
            channel.basicConsume(queue, true, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
                        byte[] body) {
                    JsonNode result = Json.read(new String(body, StandardCharsets.UTF_8));
                    String id = result.path("operationId").asText();
                    if (id.startsWith(prefix)) {
                        if (statuses.putIfAbsent(id, result.path("status").asText()) == null) {
                            lastNanos.set(System.nanoTime());
                            all.countDown();
                        } else {
                            duplicates.incrementAndGet();
                        }
                    }
                }
            });
        }

        /** Whether every expected result arrived within the time. */
        boolean await(long seconds) throws InterruptedException {
            return all.await(seconds, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            channel.close();
        }
    }

    /** A reproducible mix: 40% deposits of 1.00, 40% withdrawals of 0.50, 20% transfers of 0.25. */
    private List<byte[]> commands(String prefix, int n) {
        Random random = new Random(prefix.hashCode());
        List<byte[]> bodies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            UUID from = accounts.get(random.nextInt(accounts.size()));
            ObjectNode command = Json.object().put("operationId", prefix + i).put("userId", from.toString());
            switch (i % 5) {
                case 0, 1 -> {
                    command.put("type", "DEPOSIT").put("amount", Money.render(100));
                    expected.merge(from, 100L, Long::sum);
                }
                case 2, 3 -> {
                    command.put("type", "WITHDRAW").put("amount", Money.render(50));
                    expected.merge(from, -50L, Long::sum);
                }
                default -> {
                    UUID to = accounts.get((accounts.indexOf(from) + 1 + random.nextInt(accounts.size() - 1))
                            % accounts.size());
                    command.put("type", "TRANSFER").put("toUserId", to.toString()).put("amount", Money.render(25));
                    expected.merge(from, -25L, Long::sum);
                    expected.merge(to, 25L, Long::sum);
                }
            }
            bodies.add(Json.write(command).getBytes(StandardCharsets.UTF_8));
        }
        return bodies;
    }

    /**
     * {count, epoch µs of the last} of the commands in the journal: the throughput of the workers themselves, which
     * tells slow workers from results that went astray (another relay on the same database takes some).
     */
    private long[] applied(String prefix) throws Exception {
        try (java.sql.Connection billing = db.connect("billing");
                PreparedStatement s = billing.prepareStatement("SELECT count(*),"
                        + " coalesce(extract(epoch FROM max(created_at)) * 1000000, 0)::bigint"
                        + " FROM ledger_transaction WHERE operation_id LIKE ?")) {
            s.setString(1, prefix + "%");
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    private long balancesWrong() throws Exception {
        Map<UUID, Long> actual = new HashMap<>();
        try (java.sql.Connection billing = db.connect("billing");
                PreparedStatement s = Db.withIds(billing,
                        "SELECT user_id, available + held FROM account WHERE user_id = ANY(?)", accounts);
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                actual.put(rs.getObject(1, UUID.class), rs.getLong(2));
            }
        }
        return expected.entrySet().stream().filter(e -> !e.getValue().equals(actual.get(e.getKey()))).count();
    }
}
