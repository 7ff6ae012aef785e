package homework.arch.billing.messaging;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.awaitility.Awaitility;

/** RabbitMQ as a sender of commands and a reader of results sees it: the plain AMQP client, no Quarkus. */
public final class CommandBroker implements AutoCloseable {

    public static final String RESULTS = "billing.results";
    // Amounts exactly as sent, scale included: 30.00 stays 30.00.
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Duration UNUSED_QUEUE_EXPIRY = Duration.ofMinutes(10);

    private final Connection connection;
    private final String commands;
    private final String username;
    private final Publisher publisher;
    private final List<String> queues = new CopyOnWriteArrayList<>();

    private CommandBroker(Connection connection, String commands, String username) {
        this.connection = connection;
        this.commands = commands;
        this.username = username;
        this.publisher = publisher();
    }

    /**
     * @param commands the queue the billing under test consumes ({@code commands-queue.name}); its dead-letter queue
     *                 is named after it
     */
    public static CommandBroker connect(String host, int port, String username, String password, String commands) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(username);
        factory.setPassword(password);
        factory.setNetworkRecoveryInterval(1_000);
        try {
            return new CommandBroker(factory.newConnection("billing tests"), commands, username);
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException("Cannot reach RabbitMQ at " + host + ":" + port, e);
        }
    }

    /**
     * A persistent command with these properties on the command exchange, once the broker has confirmed it; signed
     * with this connection's user as its {@code user_id} unless the properties name one.
     */
    public void send(String body, AMQP.BasicProperties.Builder properties) {
        synchronized (publisher) {
            publisher.send(body, properties);
            publisher.confirmed();
        }
    }

    /** A command without {@code user_id}: from nobody billing knows. */
    public void sendUnsigned(String body, AMQP.BasicProperties.Builder properties) {
        synchronized (publisher) {
            publisher.send(body, properties, false);
            publisher.confirmed();
        }
    }

    /** The broker user this connection is, the user_id of what it sends. */
    public String username() {
        return username;
    }

    public void send(String body) {
        send(body, new AMQP.BasicProperties.Builder());
    }

    /** A publisher of its own (a channel in confirm mode), for sending from one thread among several. */
    public Publisher publisher() {
        try {
            Channel channel = connection.createChannel();
            channel.confirmSelect();
            return new Publisher(channel, commands, username);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every result published from now on, on a new queue bound to {@code billing.results} for all routing keys. */
    public Collector results() {
        // Declared as billing's outbox relay declares it, which it does only before its first result.
        return collect("billing-tests.", queue -> channel -> {
            channel.exchangeDeclare(RESULTS, "topic", true);
            channel.queueBind(queue, RESULTS, "#");
        });
    }

    /** A new queue to name as {@code reply_to} (billing answers only queues named billing.replies.*), and what arrives on it. */
    public Collector replies() {
        return collect(Senders.REPLY_QUEUE_PREFIX + "tests.", queue -> channel -> {
        });
    }

    /** A new queue whose name billing does not answer to, and what arrives on it. */
    public Collector queueNotForReplies() {
        return collect("billing-tests.", queue -> channel -> {
        });
    }

    /** Takes (and acks) every message now on {@code queue}. */
    public List<GetResponse> drain(String queue) {
        return onChannel(channel -> {
            List<GetResponse> messages = new ArrayList<>();
            for (GetResponse message = channel.basicGet(queue, true); message != null;
                    message = channel.basicGet(queue, true)) {
                messages.add(message);
            }
            return messages;
        });
    }

    public String commandQueue() {
        return commands;
    }

    public String deadLetterQueue() {
        return commands + ".dlq";
    }

    public void delete(String queue) {
        onChannel(channel -> channel.queueDelete(queue));
    }

    public void purge(String queue) {
        onChannel(channel -> channel.queuePurge(queue));
    }

    /** Messages of {@code queue} that are ready (not delivered to a consumer). */
    public long ready(String queue) {
        return onChannel(channel -> channel.queueDeclarePassive(queue).getMessageCount());
    }

    @Override
    public void close() {
        queues.forEach(this::delete);
        try {
            connection.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T onChannel(ChannelWork<T> work) {
        try (Channel channel = connection.createChannel()) {
            return work.on(channel);
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface ChannelWork<T> {
        T on(Channel channel) throws IOException;
    }

    /**
     * A durable queue of its own, so that a broker restart in the middle of a test loses nothing (the client
     * reconnects and consumes again); the broker deletes it once it has been unused for a while.
     */
    private Collector collect(String prefix, java.util.function.Function<String, Binding> binding) {
        try {
            Channel channel = connection.createChannel();
            String queue = channel.queueDeclare(prefix + UUID.randomUUID(), true, false, false,
                    Map.of("x-expires", (int) UNUSED_QUEUE_EXPIRY.toMillis())).getQueue();
            queues.add(queue);
            binding.apply(queue).bind(channel);
            Collector collector = new Collector(queue);
            channel.basicConsume(queue, true, (tag, delivery) -> collector.received.add(new Delivered(
                    delivery.getEnvelope().getRoutingKey(), delivery.getProperties(),
                    JSON.readTree(delivery.getBody()))), tag -> {
                    });
            return collector;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Binding {
        void bind(Channel channel) throws IOException;
    }

    /** One channel in confirm mode; not for several threads at once. */
    public static final class Publisher {

        private final Channel channel;
        private final String queue;
        private final String username;

        private Publisher(Channel channel, String queue, String username) {
            this.channel = channel;
            this.queue = queue;
            this.username = username;
        }

        /** Sends without waiting for the broker's confirm; {@link #confirmed} waits for all of them. */
        public void send(String body, AMQP.BasicProperties.Builder properties) {
            send(body, properties, true);
        }

        /**
         * To billing's command exchange (named like its queue), routing key = the queue's name; signed (user_id = this
         * connection's user, which the broker checks) unless unsigned or the properties name a user_id.
         */
        public void send(String body, AMQP.BasicProperties.Builder properties, boolean signed) {
            AMQP.BasicProperties built = properties.deliveryMode(2).build();
            if (signed && built.getUserId() == null) {
                built = built.builder().userId(username).build();
            }
            try {
                channel.basicPublish(queue, queue, true, built, body.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public void confirmed() {
            try {
                channel.waitForConfirmsOrDie(PATIENCE.toMillis());
            } catch (IOException | InterruptedException | TimeoutException e) {
                throw new IllegalStateException("The broker did not confirm the commands", e);
            }
        }
    }

    /** What arrived on one queue, by operation id. */
    public static final class Collector {

        private final String queue;
        private final ConcurrentLinkedQueue<Delivered> received = new ConcurrentLinkedQueue<>();

        private Collector(String queue) {
            this.queue = queue;
        }

        public String queue() {
            return queue;
        }

        public List<Delivered> all() {
            return List.copyOf(received);
        }

        public List<Delivered> of(String operationId) {
            return received.stream().filter(d -> operationId.equals(d.operationId())).toList();
        }

        /** Waits until {@code count} results of the operation have arrived. */
        public List<Delivered> await(String operationId, int count) {
            Awaitility.await().atMost(PATIENCE).until(() -> of(operationId).size() >= count);
            return of(operationId);
        }

        public Delivered awaitOne(String operationId) {
            return await(operationId, 1).get(0);
        }
    }

    /** A result as it arrived. */
    public record Delivered(String routingKey, AMQP.BasicProperties properties, JsonNode body) {

        public String operationId() {
            return body.path("operationId").asText();
        }

        public String status() {
            return body.path("status").asText();
        }

        public String reason() {
            return body.path("reason").asText(null);
        }

        /** The result without what differs between events of one result: eventId and occurredAt. */
        public JsonNode content() {
            return ((ObjectNode) body.deepCopy()).without(List.of("eventId", "occurredAt"));
        }

        public Map<String, Object> headers() {
            return properties.getHeaders() == null ? Map.of() : properties.getHeaders();
        }
    }
}
