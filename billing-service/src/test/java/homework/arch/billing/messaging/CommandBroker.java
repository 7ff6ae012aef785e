package homework.arch.billing.messaging;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.GetResponse;
import homework.arch.testsupport.BrokerClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;

/**
 * Billing's command queue as a sender of commands and a reader of results sees it, on the tests' one
 * {@link BrokerClient}: what is billing's own here is the signing of commands and the reading of results by
 * operation id.
 */
public final class CommandBroker implements AutoCloseable {

    public static final String RESULTS = "billing.results";
    // Amounts exactly as sent, scale included: 30.00 stays 30.00.
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Duration UNUSED_QUEUE_EXPIRY = Duration.ofMinutes(10);

    private final BrokerClient client;
    private final String commands;
    private final String username;
    private final Publisher publisher;

    private CommandBroker(BrokerClient client, String commands, String username) {
        this.client = client;
        this.commands = commands;
        this.username = username;
        this.publisher = publisher();
    }

    /**
     * @param commands the queue the billing under test consumes ({@code commands-queue.name}); its dead-letter queue
     *                 is named after it
     */
    public static CommandBroker connect(String host, int port, String username, String password, String commands) {
        return new CommandBroker(BrokerClient.connect("billing tests",
                new BrokerClient.Settings(host, port, username, password, "/")), commands, username);
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
        return new Publisher(client.publisher(), commands, username);
    }

    /** Every result published from now on, on a new queue bound to {@code billing.results} for all routing keys. */
    public Collector results() {
        return new Collector(client.listenDurably("billing-tests." + UUID.randomUUID(), RESULTS, "#",
                UNUSED_QUEUE_EXPIRY));
    }

    /** A new queue to name as {@code reply_to} (billing answers only queues named billing.replies.*), and what arrives on it. */
    public Collector replies() {
        return new Collector(client.listenDurably(Senders.REPLY_QUEUE_PREFIX + "tests." + UUID.randomUUID(), "", null,
                UNUSED_QUEUE_EXPIRY));
    }

    /** A new queue whose name billing does not answer to, and what arrives on it. */
    public Collector queueNotForReplies() {
        return new Collector(client.listenDurably("billing-tests." + UUID.randomUUID(), "", null,
                UNUSED_QUEUE_EXPIRY));
    }

    /** Takes (and acks) every message now on {@code queue}. */
    public List<GetResponse> drain(String queue) {
        return client.drain(queue);
    }

    public String commandQueue() {
        return commands;
    }

    public String deadLetterQueue() {
        return commands + ".dlq";
    }

    public void delete(String queue) {
        client.delete(queue);
    }

    public void purge(String queue) {
        client.purge(queue);
    }

    /** Messages of {@code queue} that are ready (not delivered to a consumer). */
    public long ready(String queue) {
        return client.ready(queue);
    }

    /** Also deletes the queues of {@link #results}, {@link #replies} and {@link #queueNotForReplies}. */
    @Override
    public void close() {
        client.close();
    }

    /** Billing's signing rule on one of the client's publishers; not for several threads at once. */
    public static final class Publisher {

        private final BrokerClient.Publisher publisher;
        private final String commands;
        private final String username;

        private Publisher(BrokerClient.Publisher publisher, String commands, String username) {
            this.publisher = publisher;
            this.commands = commands;
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
            publisher.send(commands, commands, built, body);
        }

        public void confirmed() {
            publisher.confirmed();
        }
    }

    /** What arrived on one queue, by operation id. */
    public static final class Collector {

        private final BrokerClient.Listener listener;
        private final List<Delivered> parsed = new ArrayList<>();

        private Collector(BrokerClient.Listener listener) {
            this.listener = listener;
        }

        public String queue() {
            return listener.queue();
        }

        /** Everything that arrived so far; each message is parsed once. */
        public synchronized List<Delivered> all() {
            List<Delivery> arrived = new ArrayList<>();
            listener.received().drainTo(arrived);
            arrived.forEach(delivery -> parsed.add(Delivered.of(delivery)));
            return List.copyOf(parsed);
        }

        public List<Delivered> of(String operationId) {
            return all().stream().filter(d -> operationId.equals(d.operationId())).toList();
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

        static Delivered of(Delivery delivery) {
            try {
                return new Delivered(delivery.getEnvelope().getRoutingKey(), delivery.getProperties(),
                        JSON.readTree(delivery.getBody()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

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
            return BrokerClient.headers(properties);
        }
    }
}
