package homework.arch.system;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * Messages no consumer can use, put straight on every queue the stack consumes: each must end up on that queue's
 * dead-letter queue while the consumer goes on with the rest. Each carries a message id of this run's, which
 * dead-lettering keeps, so they are told apart from anything else a dead-letter queue holds.
 */
final class Poison {

    /** A consumed queue, its dead-letter queue, and the poison for it. */
    record Target(String queue, String deadLetterQueue, List<byte[]> bodies) {
    }

    static List<Target> targets() {
        String someone = UUID.randomUUID().toString();
        return List.of(
                new Target("billing.commands", "billing.commands.dlq", bodies(
                        "this is not JSON",
                        "",
                        "{\"type\":\"DEPOSIT\",\"userId\":\"" + someone + "\",\"amount\":10}",
                        "[\"DEPOSIT\"]")),
                new Target("notifications.users", "notifications.users.dlq", bodies(
                        "this is not JSON",
                        "{\"eventId\":\"" + UUID.randomUUID() + "\",\"eventType\":\"UserCreated\"}",
                        "{\"eventId\":\"" + UUID.randomUUID() + "\",\"eventType\":\"UserCreated\",\"occurredAt\":"
                                + "\"2026-11-21T10:00:00Z\",\"userId\":42,\"name\":\"Poison\",\"email\":\"p@x\"}")),
                new Target("notifications.orders", "notifications.orders.dlq", bodies(
                        "{\"eventId\":",
                        "{\"eventId\":\"" + UUID.randomUUID() + "\",\"eventType\":\"OrderPaid\",\"occurredAt\":"
                                + "\"2026-11-21T10:00:00Z\",\"orderId\":\"" + UUID.randomUUID() + "\",\"userId\":\""
                                + someone + "\",\"amount\":\"a lot\",\"currency\":\"USD\"}",
                        "{\"eventId\":\"" + UUID.randomUUID() + "\",\"eventType\":\"OrderTeleported\","
                                + "\"occurredAt\":\"2026-11-21T10:00:00Z\",\"orderId\":\"" + UUID.randomUUID()
                                + "\",\"userId\":\"" + someone + "\"}")));
    }

    private static List<byte[]> bodies(String... bodies) {
        return java.util.Arrays.stream(bodies).map(body -> body.getBytes(StandardCharsets.UTF_8)).toList();
    }

    private final Rabbit rabbit;
    private final String run;
    private final Map<String, List<String>> injected = new HashMap<>();

    Poison(Rabbit rabbit, String run) {
        this.rabbit = rabbit;
        this.run = run;
    }

    /** Puts the poison on every consumed queue; returns how many messages that was. */
    int inject() throws IOException, InterruptedException, TimeoutException {
        int count = 0;
        try (Channel channel = rabbit.channel()) {
            channel.confirmSelect();
            for (Target target : targets()) {
                for (byte[] body : target.bodies()) {
                    String messageId = "poison:" + run + ":" + count++;
                    channel.basicPublish("", target.queue(), new AMQP.BasicProperties.Builder().messageId(messageId)
                            .contentType("application/json").deliveryMode(2).build(), body);
                    injected.computeIfAbsent(target.deadLetterQueue(), queue -> new ArrayList<>()).add(messageId);
                }
            }
            channel.waitForConfirmsOrDie(10_000);
        }
        return count;
    }

    Map<String, List<String>> injected() {
        return injected;
    }

    /**
     * Takes this run's poison off {@code deadLetterQueue} (acked, so the queue is as it was before the run) and puts
     * everything else back; returns the message ids of the poison found.
     */
    List<String> takeBack(String deadLetterQueue) {
        String ours = "poison:" + run + ":";
        return rabbit.take(deadLetterQueue, p -> p.getMessageId() != null && p.getMessageId().startsWith(ours))
                .stream().map(message -> message.getProps().getMessageId()).toList();
    }
}
