package homework.arch.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.LongString;
import homework.arch.system.Api.Order;
import homework.arch.system.Api.User;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/asyncapi.yaml against what the running services really publish: a registration, a paid and a cancelled order
 * and billing commands of every kind of result are captured from the broker (from queues of this test bound to the
 * exchanges, and from a command's reply_to queue) and validated by scripts/api-docs.sh: the right channel, the
 * message's name as its AMQP type, payload and headers valid against the document's schemas (which refuse unknown
 * fields), message_id = eventId, persistent. A field added, renamed or dropped on either side fails here.
 */
@ExtendWith(StackReady.class)
class AsyncApiIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SAMPLES = Path.of("system-tests/target/asyncapi-samples.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Api api = new Api("asyncapi");
    private final List<Map<String, Object>> samples = new CopyOnWriteArrayList<>();

    @Test
    void theDocumentParses() {
        assertThat(Shell.run("scripts/api-docs.sh asyncapi")).contains("parsed");
    }

    @Test
    void theMessagesTheServicesPublishMatchTheDocument() throws Exception {
        try (Rabbit tooling = Rabbit.connect("asyncapi-it");
                Rabbit sender = Rabbit.connectAs("asyncapi-it-sender", Rabbit.COMMAND_SENDER)) {
            Channel listening = tooling.channel();
            capture(listening, "users", "user.created");
            capture(listening, "orders", "order.*");
            capture(listening, "billing.results", "#");
            Channel sending = sender.channel();
            String replyQueue = "billing.replies.asyncapi-" + UUID.randomUUID();
            sending.queueDeclare(replyQueue, false, true, true, null);
            sending.basicConsume(replyQueue, true, recorder(sending));

            User user = api.createUser("Avery Async");
            api.deposit(user.id(), new BigDecimal("100.00"));
            Order paid = api.placeOrder(user.id(), new BigDecimal("30.50"));
            Order cancelled = api.placeOrder(user.id(), new BigDecimal("1000"));
            assertThat(List.of(paid.status(), cancelled.status())).containsExactly("PAID", "CANCELLED");

            UUID account = UUID.randomUUID();
            UUID hold = UUID.randomUUID();
            String open = UUID.randomUUID().toString();
            List<Map<String, Object>> commands = List.of(
                    command(open, "OPEN_ACCOUNT", account, null),
                    command(UUID.randomUUID().toString(), "DEPOSIT", account, "50.25"),
                    withField(command(hold.toString(), "HOLD", account, "10"), "holdId", hold),
                    withField(command(UUID.randomUUID().toString(), "TRANSFER", account, "5"), "toUserId", user.id()),
                    command(UUID.randomUUID().toString(), "WITHDRAW", account, "1000"),
                    command(UUID.randomUUID().toString(), "DEPOSIT", account, "0.001"),
                    command(open, "OPEN_ACCOUNT", account, null));
            // Applied in any order by any worker: each command waits for the reply to the one before it.
            for (int i = 0; i < commands.size(); i++) {
                send(sending, replyQueue, commands.get(i));
                int replies = i + 1;
                await().atMost(WAIT).until(() -> count("", replyQueue) >= replies);
            }

            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(bodies("users")).anyMatch(body -> body.contains(user.id().toString()));
                assertThat(bodies("orders")).anyMatch(body -> body.contains(paid.id().toString()))
                        .anyMatch(body -> body.contains(cancelled.id().toString()));
                assertThat(bodies("billing.results").stream().filter(body -> body.contains(account.toString())))
                        .hasSizeGreaterThanOrEqualTo(commands.size());
            });
        }
        assertThat(samples).extracting(sample -> sample.get("headers"))
                .anyMatch(headers -> "true".equals(((Map<?, ?>) headers).get("x-replayed")));

        Files.createDirectories(SAMPLES.getParent());
        JSON.writerWithDefaultPrettyPrinter().writeValue(SAMPLES.toFile(), samples);
        assertThat(Shell.run("scripts/api-docs.sh asyncapi " + SAMPLES)).contains(samples.size() + " samples, 0 problems");
    }

    /** A queue of this test, gone with its connection, that records what the exchange routes to it. */
    private void capture(Channel channel, String exchange, String routingKey) throws IOException {
        channel.exchangeDeclare(exchange, "topic", true);
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, exchange, routingKey);
        channel.basicConsume(queue, true, recorder(channel));
    }

    private DefaultConsumer recorder(Channel channel) {
        return new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                samples.add(sample(envelope, properties, body));
            }
        };
    }

    private static Map<String, Object> sample(Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        Map<String, Object> amqp = new LinkedHashMap<>();
        amqp.put("type", properties.getType());
        amqp.put("messageId", properties.getMessageId());
        amqp.put("correlationId", properties.getCorrelationId());
        amqp.put("contentType", properties.getContentType());
        amqp.put("deliveryMode", properties.getDeliveryMode());
        amqp.put("appId", properties.getAppId());
        Map<String, Object> headers = new LinkedHashMap<>();
        if (properties.getHeaders() != null) {
            properties.getHeaders().forEach((name, value) ->
                    headers.put(name, value instanceof LongString ? value.toString() : value));
        }
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("exchange", envelope.getExchange());
        sample.put("routingKey", envelope.getRoutingKey());
        sample.put("properties", amqp);
        sample.put("headers", headers);
        sample.put("body", new String(body, StandardCharsets.UTF_8));
        return sample;
    }

    private long count(String exchange, String routingKey) {
        return samples.stream()
                .filter(s -> exchange.equals(s.get("exchange")) && routingKey.equals(s.get("routingKey"))).count();
    }

    private List<String> bodies(String exchange) {
        return samples.stream().filter(s -> exchange.equals(s.get("exchange"))).map(s -> (String) s.get("body"))
                .toList();
    }

    private static Map<String, Object> command(String operationId, String type, UUID userId, String amount) {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("operationId", operationId);
        command.put("type", type);
        command.put("userId", userId);
        if (amount != null) {
            command.put("amount", new BigDecimal(amount));
        }
        return command;
    }

    private static Map<String, Object> withField(Map<String, Object> command, String name, Object value) {
        command.put(name, value);
        return command;
    }

    private void send(Channel channel, String replyQueue, Map<String, Object> command) throws IOException {
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType("application/json").deliveryMode(2)
                .userId(Rabbit.COMMAND_SENDER).replyTo(replyQueue)
                .correlationId(api.correlationId())
                .build();
        channel.basicPublish("billing.commands", "billing.commands", properties, JSON.writeValueAsBytes(command));
    }
}
