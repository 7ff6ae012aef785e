package homework.arch.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * What really reaches the broker: a private queue bound to an exchange, read the way a consumer would. It sees
 * events published after it was bound, so bind it before causing them.
 */
public final class PublishedEvents implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Event(AMQP.BasicProperties properties, JsonNode body) {
    }

    private final Connection connection;
    private final LinkedBlockingQueue<Event> received = new LinkedBlockingQueue<>();

    private PublishedEvents(Connection connection) {
        this.connection = connection;
    }

    public static PublishedEvents on(String exchange, String routingKey) throws IOException, TimeoutException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(env("RABBITMQ_HOST", "127.0.0.1"));
        factory.setPort(Integer.parseInt(env("RABBITMQ_PORT", "5672")));
        factory.setUsername(env("RABBITMQ_USERNAME", "guest"));
        factory.setPassword(env("RABBITMQ_PASSWORD", "guest"));
        PublishedEvents events = new PublishedEvents(factory.newConnection("published-events-test"));
        Channel channel = events.connection.createChannel();
        channel.exchangeDeclare(exchange, "topic", true);
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, exchange, routingKey);
        channel.basicConsume(queue, true,
                (tag, delivery) -> events.received.add(new Event(delivery.getProperties(),
                        JSON.readTree(delivery.getBody()))),
                tag -> { });
        return events;
    }

    /** The first event that matches, waiting for the relay as long as a slow machine may need. */
    public Event first(Predicate<Event> matching) throws InterruptedException {
        List<Event> seen = upTo(matching);
        return seen.get(seen.size() - 1);
    }

    /** Every event received until the first one that matches {@code last}, that one included. */
    public List<Event> upTo(Predicate<Event> last) throws InterruptedException {
        List<Event> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Event next = received.poll(500, TimeUnit.MILLISECONDS);
            if (next != null) {
                seen.add(next);
                if (last.test(next)) {
                    return seen;
                }
            }
        }
        throw new AssertionError("No matching event was published within 30 s");
    }

    public static Predicate<Event> withField(String field, Object value) {
        return event -> Optional.ofNullable(event.body().get(field)).map(JsonNode::asText)
                .filter(String.valueOf(value)::equals).isPresent();
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
