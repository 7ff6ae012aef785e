package homework.arch.testsupport;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A test's own AMQP connection to the real RabbitMQ (the plain client, no Quarkus): to publish as a producer would,
 * to listen as a consumer would, and to look into queues. Every module's tests use this one.
 */
public final class BrokerClient implements AutoCloseable {

    private static final Duration CONFIRM_PATIENCE = Duration.ofSeconds(10);
    private static final Duration LISTEN_PATIENCE = Duration.ofSeconds(30);

    /** Where the broker is and whom to be there. */
    public record Settings(String host, int port, String username, String password, String virtualHost) {

        /**
         * What the service under test connects with ({@code rabbitmq-*}, set by the "local" profile or by Dev
         * Services); outside a Quarkus test, RABBITMQ_HOST, RABBITMQ_PORT, RABBITMQ_USERNAME, RABBITMQ_PASSWORD;
         * else the machine's broker as guest.
         */
        public static Settings ofServiceUnderTest() {
            return new Settings(setting("rabbitmq-host", "RABBITMQ_HOST", "127.0.0.1"),
                    Integer.parseInt(setting("rabbitmq-port", "RABBITMQ_PORT", "5672")),
                    setting("rabbitmq-username", "RABBITMQ_USERNAME", "guest"),
                    setting("rabbitmq-password", "RABBITMQ_PASSWORD", "guest"), "/");
        }

        public Settings as(String otherUsername, String otherPassword) {
            return new Settings(host, port, otherUsername, otherPassword, virtualHost);
        }

        private static String setting(String property, String environment, String fallback) {
            String value = System.getenv(environment);
            String otherwise = value == null || value.isBlank() ? fallback : value;
            return ConfigProvider.getConfig().getOptionalValue(property, String.class).orElse(otherwise);
        }
    }

    private final Connection connection;
    private final List<String> declared = new CopyOnWriteArrayList<>();
    private Publisher publishing;

    private BrokerClient(Connection connection) {
        this.connection = connection;
    }

    /** To the broker of the service under test ({@link Settings#ofServiceUnderTest()}). */
    public static BrokerClient connect(String name) {
        return connect(name, Settings.ofServiceUnderTest());
    }

    /**
     * The connection comes back by itself after a broker restart, with its channels, its consumers and the durable
     * queues it declared.
     */
    public static BrokerClient connect(String name, Settings settings) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(settings.host());
        factory.setPort(settings.port());
        factory.setUsername(settings.username());
        factory.setPassword(settings.password());
        factory.setVirtualHost(settings.virtualHost());
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(1_000);
        try {
            return new BrokerClient(factory.newConnection(name));
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException("RabbitMQ is not reachable at " + settings.host() + ":" + settings.port()
                    + " as " + settings.username() + " (scripts/ensure-services.sh starts it)", e);
        }
    }

    /** A channel of the test's own; the caller closes it. */
    public Channel channel() throws IOException {
        return connection.createChannel();
    }

    /** Publishes like the outbox relay does (persistent JSON with message_id and type) and waits for the confirm. */
    public void publish(String exchange, String routingKey, String messageId, String type, String json) {
        publish(exchange, routingKey, new AMQP.BasicProperties.Builder().contentType("application/json")
                .deliveryMode(2).messageId(messageId).type(type).build(), json);
    }

    /** Publishes and waits until the broker confirms it. */
    public synchronized void publish(String exchange, String routingKey, AMQP.BasicProperties properties,
            String body) {
        if (publishing == null) {
            publishing = publisher();
        }
        publishing.send(exchange, routingKey, properties, body);
        publishing.confirmed();
    }

    /** A publisher of its own (a channel in confirm mode), for sending from one thread among several. */
    public Publisher publisher() {
        try {
            Channel channel = connection.createChannel();
            channel.confirmSelect();
            return new Publisher(channel);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One channel in confirm mode; not for several threads at once. */
    public static final class Publisher {

        private final Channel channel;

        private Publisher(Channel channel) {
            this.channel = channel;
        }

        /** Sends without waiting for the broker's confirm; {@link #confirmed} waits for all sent so far. */
        public void send(String exchange, String routingKey, AMQP.BasicProperties properties, String body) {
            try {
                channel.basicPublish(exchange, routingKey, properties, body.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public void confirmed() {
            try {
                channel.waitForConfirmsOrDie(CONFIRM_PATIENCE.toMillis());
            } catch (IOException | InterruptedException | TimeoutException e) {
                throw new IllegalStateException("the broker did not confirm what was sent", e);
            }
        }
    }

    /**
     * A private, temporary queue, bound to {@code exchange} (a durable topic exchange, declared if need be) unless
     * that is {@code ""} (then reach it by its name through the default exchange); everything routed to it lands in
     * {@link Listener#received()}. It sees only what is published after it was bound.
     */
    public Listener listen(String exchange, String bindingKey) {
        return listen(channel -> channel.queueDeclare().getQueue(), exchange, bindingKey);
    }

    /**
     * Like {@link #listen}, but on a durable queue of this name, so that a broker restart in the middle of a test
     * loses nothing (the connection recovers and consumes again); the broker deletes it once it has been unused for
     * {@code expiresWhenUnused}, and {@link #close} at once.
     */
    public Listener listenDurably(String queue, String exchange, String bindingKey, Duration expiresWhenUnused) {
        declared.add(queue);
        return listen(channel -> channel.queueDeclare(queue, true, false, false,
                Map.of("x-expires", (int) expiresWhenUnused.toMillis())).getQueue(), exchange, bindingKey);
    }

    private Listener listen(ChannelWork<String> declare, String exchange, String bindingKey) {
        try {
            Channel channel = connection.createChannel();
            String queue = declare.on(channel);
            if (!exchange.isEmpty()) {
                channel.exchangeDeclare(exchange, "topic", true);
                channel.queueBind(queue, exchange, bindingKey);
            }
            BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
            channel.basicConsume(queue, true, (tag, delivery) -> received.add(delivery), tag -> { });
            return new Listener(queue, received);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Takes (and acks) every message now on {@code queue}. */
    public List<GetResponse> drain(String queue) {
        return take(queue, properties -> true);
    }

    /** Messages of {@code queue} that are ready (not delivered to a consumer). */
    public long ready(String queue) {
        return onChannel(channel -> channel.queueDeclarePassive(queue).getMessageCount());
    }

    public void purge(String queue) {
        onChannel(channel -> channel.queuePurge(queue));
    }

    public void delete(String queue) {
        onChannel(channel -> channel.queueDelete(queue));
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
     * Takes the messages of {@code queue} that match off it (acked) and puts every other one back where it was; for
     * a test to find its own messages, e.g. on a dead-letter queue, without disturbing anyone else's.
     */
    public List<GetResponse> take(String queue, Predicate<AMQP.BasicProperties> matching) {
        List<GetResponse> taken = new ArrayList<>();
        try (Channel reader = connection.createChannel()) {
            List<Long> others = new ArrayList<>();
            GetResponse message;
            while ((message = reader.basicGet(queue, false)) != null) {
                if (matching.test(message.getProps())) {
                    reader.basicAck(message.getEnvelope().getDeliveryTag(), false);
                    taken.add(message);
                } else {
                    others.add(message.getEnvelope().getDeliveryTag());
                }
            }
            for (long tag : others) {
                reader.basicNack(tag, false, true);
            }
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException("cannot read " + queue, e);
        }
        return taken;
    }

    /** The message with this message_id, taken off {@code queue} (see {@link #take(String, Predicate)}). */
    public List<GetResponse> take(String queue, String messageId) {
        return take(queue, properties -> messageId.equals(properties.getMessageId()));
    }

    public static Map<String, Object> headers(AMQP.BasicProperties properties) {
        Map<String, Object> headers = properties.getHeaders();
        return headers == null ? Map.of() : headers;
    }

    public static Map<String, Object> headers(Delivery delivery) {
        return headers(delivery.getProperties());
    }

    /** What arrived on a queue of {@link #listen}. */
    public record Listener(String queue, BlockingQueue<Delivery> received) {

        /** The next message; fails the test if none arrives within 30 s. */
        public Delivery next() {
            try {
                Delivery delivery = received.poll(LISTEN_PATIENCE.toSeconds(), TimeUnit.SECONDS);
                if (delivery == null) {
                    throw new AssertionError("no message arrived on " + queue + " within " + LISTEN_PATIENCE);
                }
                return delivery;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() {
        declared.forEach(this::delete);
        try {
            connection.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
