package homework.arch.notification;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;

/** The test's own connection to the real RabbitMQ, to publish as a producer would and to look into queues. */
public final class Broker implements AutoCloseable {

    private final Connection connection;
    private final Channel channel;

    private Broker(Connection connection) throws IOException {
        this.connection = connection;
        this.channel = connection.createChannel();
        this.channel.confirmSelect();
    }

    public static Broker connect() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(setting("rabbitmq-host", "127.0.0.1"));
        factory.setPort(Integer.parseInt(setting("rabbitmq-port", "5672")));
        factory.setUsername(setting("rabbitmq-username", "guest"));
        factory.setPassword(setting("rabbitmq-password", "guest"));
        try {
            return new Broker(factory.newConnection("notification-service tests"));
        } catch (Exception e) {
            throw new IllegalStateException("RabbitMQ is not reachable (scripts/ensure-services.sh starts it)", e);
        }
    }

    /** Publishes like the outbox relay does (persistent JSON with message_id and type) and waits for the confirm. */
    public void publish(String exchange, String routingKey, String messageId, String type, String json) {
        publish(exchange, routingKey, new AMQP.BasicProperties.Builder().contentType("application/json")
                .deliveryMode(2).messageId(messageId).type(type).build(), json);
    }

    public void publish(String exchange, String routingKey, AMQP.BasicProperties properties, String body) {
        try {
            channel.basicPublish(exchange, routingKey, properties, body.getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(10_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first message with this message_id in the queue, which it removes; other messages stay where they are. */
    public Optional<GetResponse> take(String queue, String messageId) {
        try (Channel reader = connection.createChannel()) {
            List<GetResponse> others = new ArrayList<>();
            GetResponse response;
            while ((response = reader.basicGet(queue, false)) != null) {
                if (messageId.equals(response.getProps().getMessageId())) {
                    reader.basicAck(response.getEnvelope().getDeliveryTag(), false);
                    return Optional.of(response);
                }
                others.add(response);
            }
            return Optional.empty(); // closing the channel returns the others to the queue
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A private, temporary queue, bound to {@code exchange} unless that is {@code ""} (then reach it by its name
     * through the default exchange); everything routed to it lands in {@link Listener#received()}.
     */
    public Listener listen(String exchange, String bindingKey) {
        try {
            String queue = channel.queueDeclare().getQueue();
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

    public record Listener(String queue, BlockingQueue<Delivery> received) {

        public Delivery next() {
            try {
                Delivery delivery = received.poll(30, TimeUnit.SECONDS);
                if (delivery == null) {
                    throw new AssertionError("no message arrived on " + queue + " within 30 s");
                }
                return delivery;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public static Map<String, Object> headers(Delivery delivery) {
        Map<String, Object> headers = delivery.getProperties().getHeaders();
        return headers == null ? Map.of() : headers;
    }

    private static String setting(String name, String fallback) {
        return ConfigProvider.getConfig().getOptionalValue(name, String.class).orElse(fallback);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
