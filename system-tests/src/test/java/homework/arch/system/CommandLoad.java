package homework.arch.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Billing commands on {@code billing.commands} at a steady rate while faults happen, and every result on
 * {@code billing.results}, read from a durable queue of this run's (so a broker restart loses none). Each command is
 * published with a publisher confirm, and again if the confirm never came (the broker went away). What the commands
 * did is known from their results only.
 * <p>
 * One result per command: billing answers each command once, and a command it gets again (sent again, or redelivered
 * because a worker died between its commit and its ack) with the same recorded answer marked {@code x-replayed}, so
 * every copy is answered and a reader of the results takes the first. A relay that sends an event twice sends the
 * same event id.
 */
final class CommandLoad implements AutoCloseable {

    private static final String COMMANDS = Stack.setting("billing.commands-queue", "billing.commands");
    private static final String RESULTS_EXCHANGE = "billing.results";
    private static final String REPLAYED_HEADER = "x-replayed";

    /** A command as sent. {@code holdCents} is the amount of the hold a CAPTURE or RELEASE names. */
    record Sent(String operationId, String type, UUID userId, UUID toUserId, long cents, String holdId,
            long holdCents) {
    }

    /** A result as received: {@code replayed} when billing answered a command it had answered before. */
    record Result(String eventId, String operationId, String status, String reason, boolean replayed) {
    }

    private final Rabbit rabbit;
    /** As billing's allowed command sender (its own broker user, which may only publish commands). */
    private final Rabbit sender;
    private final Model model;
    private final String resultsQueue;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Result>> results = new ConcurrentHashMap<>();
    private final Queue<Sent> holdsToSettle = new ConcurrentLinkedQueue<>();
    private Thread publisher;
    private Channel publishing;
    private volatile boolean running;

    CommandLoad(Rabbit rabbit, Model model, String run) throws IOException {
        this.rabbit = rabbit;
        this.sender = Rabbit.connectAs("reliability commands " + run, Rabbit.COMMAND_SENDER);
        this.model = model;
        this.resultsQueue = "reliability.results." + run;
        Channel consuming = rabbit.channel();
        consuming.exchangeDeclare(RESULTS_EXCHANGE, "topic", true);
        // Durable, so the broker keeps results while it restarts; it deletes the queue if a run dies and leaves it.
        consuming.queueDeclare(resultsQueue, true, false, false, Map.of("x-expires", 30 * 60_000));
        consuming.queueBind(resultsQueue, RESULTS_EXCHANGE, "#");
        consuming.basicQos(200);
        consuming.basicConsume(resultsQueue, false, (tag, delivery) -> {
            received(delivery.getBody(), delivery.getProperties());
            consuming.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
        }, tag -> {
        });
    }

    void start(int perSecond) {
        running = true;
        publisher = new Thread(() -> {
            while (running) {
                send(next());
                sleep(1000 / perSecond);
            }
        }, "command-load");
        publisher.start();
    }

    void stop() throws InterruptedException {
        running = false;
        publisher.join();
    }

    /** A command the consumer cannot apply but can answer: it has an operation id, and a type billing does not know. */
    void sendMalformed() {
        String operationId = UUID.randomUUID().toString();
        publish(new Sent(operationId, "TELEPORT", model.anyUser(), null, 0, null, 0),
                "{\"operationId\":\"" + operationId + "\",\"type\":\"TELEPORT\",\"userId\":\"" + model.anyUser() + "\"}");
        Figures.add("malformed billing commands (answered REJECTED)", 1);
    }

    private Sent next() {
        String operationId = UUID.randomUUID().toString();
        UUID user = model.anyUser();
        int dice = ThreadLocalRandom.current().nextInt(100);
        if (dice < 12) {
            Sent hold = holdsToSettle.poll();
            if (hold != null) {
                String type = ThreadLocalRandom.current().nextBoolean() ? "CAPTURE" : "RELEASE";
                return new Sent(operationId, type, hold.userId(), null, 0, hold.operationId(), hold.cents());
            }
        }
        if (dice < 40) {
            return new Sent(operationId, "DEPOSIT", user, null, Model.cents(Model.amount(5, 60)), null, 0);
        }
        if (dice < 62) {
            return new Sent(operationId, "WITHDRAW", user, null, Model.cents(Model.amount(1, 40)), null, 0);
        }
        if (dice < 82) {
            return new Sent(operationId, "TRANSFER", user, model.anyUserBut(user), Model.cents(Model.amount(1, 30)),
                    null, 0);
        }
        return new Sent(operationId, "HOLD", user, null, Model.cents(Model.amount(1, 20)), null, 0);
    }

    private void send(Sent command) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("operationId", command.operationId());
        body.put("type", command.type());
        body.put("userId", command.userId());
        if (command.toUserId() != null) {
            body.put("toUserId", command.toUserId());
        }
        if (command.holdId() != null) {
            body.put("holdId", command.holdId());
        } else {
            body.put("amount", Model.decimal(command.cents()));
        }
        try {
            publish(command, json.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Figures.add("billing commands sent", 1);
    }

    private synchronized void publish(Sent command, String body) {
        sent.put(command.operationId(), command);
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().messageId(command.operationId())
                .type(command.type()).contentType("application/json").deliveryMode(2).userId(Rabbit.COMMAND_SENDER).build();
        for (int attempt = 1; ; attempt++) {
            try {
                if (publishing == null || !publishing.isOpen()) {
                    publishing = sender.channel();
                    publishing.confirmSelect();
                }
                // Through billing's command exchange, as its allowed sender, signed (user_id) as billing requires.
                publishing.basicPublish(COMMANDS, COMMANDS, properties, body.getBytes(StandardCharsets.UTF_8));
                publishing.waitForConfirmsOrDie(5_000);
                return;
            } catch (IOException | RuntimeException | java.util.concurrent.TimeoutException notConfirmed) {
                // It may have reached the queue all the same: its second copy gets a (replayed) result of its own.
                Figures.add("billing commands published again (no confirm)", 1);
                publishing = null;
                sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void received(byte[] bytes, AMQP.BasicProperties properties) throws IOException {
        JsonNode body = json.readTree(bytes);
        String operationId = body.path("operationId").asText();
        boolean replayed = properties.getHeaders() != null && properties.getHeaders().containsKey(REPLAYED_HEADER);
        Result result = new Result(body.path("eventId").asText(), operationId, body.path("status").asText(),
                body.path("reason").asText(null), replayed);
        // Keyed by event id: a relay that sends an event again (its confirm was lost) sends the same event.
        results.computeIfAbsent(operationId, id -> new ConcurrentHashMap<>()).put(result.eventId(), result);
        Sent command = sent.get(operationId);
        if (command != null && "HOLD".equals(command.type()) && "SUCCEEDED".equals(result.status()) && !replayed) {
            holdsToSettle.add(command);
        }
    }

    /** The commands of this run that have no result yet (results of other senders' commands are ignored). */
    List<String> unanswered() {
        return sent.keySet().stream().filter(id -> !results.containsKey(id)).toList();
    }

    /**
     * Checks one result per command (and that its replays say the same), then puts what the succeeded commands did
     * into the model. Returns the violations.
     */
    List<String> settleInto(Model target) {
        List<String> violations = new ArrayList<>();
        for (Sent command : sent.values()) {
            List<Result> all = List.copyOf(results.getOrDefault(command.operationId(), Map.of()).values());
            List<Result> first = all.stream().filter(result -> !result.replayed()).toList();
            if (first.size() != 1) {
                violations.add("command " + command + ": " + first.size() + " results that are not replays: " + all);
                continue;
            }
            Result result = first.get(0);
            if (all.stream().anyMatch(other -> !other.status().equals(result.status())
                    || !Objects.equals(other.reason(), result.reason()))) {
                violations.add("command " + command + " has results that disagree: " + all);
            }
            Figures.add("billing results replayed (redelivered or sent again)", all.size() - 1);
            if ("TELEPORT".equals(command.type())) {
                if (!"REJECTED".equals(result.status())) {
                    violations.add("malformed command " + command + " was answered " + result);
                }
                continue;
            }
            if ("SUCCEEDED".equals(result.status())) {
                applySucceeded(command, target);
            }
        }
        return violations;
    }

    private static void applySucceeded(Sent command, Model target) {
        switch (command.type()) {
            case "DEPOSIT" -> target.moved(command.userId(), command.cents());
            case "WITHDRAW" -> target.moved(command.userId(), -command.cents());
            case "TRANSFER" -> {
                target.moved(command.userId(), -command.cents());
                target.moved(command.toUserId(), command.cents());
            }
            case "HOLD" -> target.holdChanged(command.userId(), command.cents());
            case "CAPTURE" -> {
                target.holdChanged(command.userId(), -command.holdCents());
                target.moved(command.userId(), -command.holdCents());
            }
            case "RELEASE" -> target.holdChanged(command.userId(), -command.holdCents());
            default -> throw new IllegalStateException("no such command type " + command.type());
        }
    }

    @Override
    public void close() throws IOException {
        sender.close();
        try (Channel channel = rabbit.channel()) {
            channel.queueDelete(resultsQueue);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
