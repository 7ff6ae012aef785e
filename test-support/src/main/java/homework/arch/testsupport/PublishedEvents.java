package homework.arch.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Delivery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What really reaches the broker: a private queue bound to an exchange, read the way a consumer would. It sees
 * events published after it was bound, so bind it before causing them.
 */
public final class PublishedEvents implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Event(AMQP.BasicProperties properties, JsonNode body) {
    }

    private final BrokerClient broker;
    private final BrokerClient.Listener listener;

    private PublishedEvents(BrokerClient broker, BrokerClient.Listener listener) {
        this.broker = broker;
        this.listener = listener;
    }

    public static PublishedEvents on(String exchange, String routingKey) {
        BrokerClient broker = BrokerClient.connect("published-events-test");
        return new PublishedEvents(broker, broker.listen(exchange, routingKey));
    }

    /** The first event that matches, waiting for the relay as long as a slow machine may need. */
    public Event first(Predicate<Event> matching) throws InterruptedException, IOException {
        List<Event> seen = upTo(matching);
        return seen.get(seen.size() - 1);
    }

    /** Every event received until the first one that matches {@code last}, that one included. */
    public List<Event> upTo(Predicate<Event> last) throws InterruptedException, IOException {
        List<Event> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Delivery delivery = listener.received().poll(500, TimeUnit.MILLISECONDS);
            if (delivery != null) {
                Event next = new Event(delivery.getProperties(), JSON.readTree(delivery.getBody()));
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
    public void close() {
        broker.close();
    }
}
