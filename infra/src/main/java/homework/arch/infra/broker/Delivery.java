package homework.arch.infra.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import java.util.Map;
import java.util.Optional;

/**
 * One message as the broker delivered it, and its settlement: exactly one of {@link #ack}, {@link #deadLetter} and
 * {@link #requeue} takes effect, the first one called.
 */
public final class Delivery {

    private final byte[] body;
    private final Envelope envelope;
    private final AMQP.BasicProperties properties;
    private final Acks acks;
    private final Runnable onSettled;
    private volatile boolean settled;

    /** @param onSettled called after the settlement was recorded, to have it sent */
    Delivery(byte[] body, Envelope envelope, AMQP.BasicProperties properties, Acks acks, Runnable onSettled) {
        this.body = body;
        this.envelope = envelope;
        this.properties = properties;
        this.acks = acks;
        this.onSettled = onSettled;
    }

    /** The bytes as they came. */
    public byte[] body() {
        return body;
    }

    /** The AMQP headers; string values are the client's {@code LongString}s, whose {@code toString} is the text. */
    public Map<String, Object> headers() {
        Map<String, Object> headers = properties.getHeaders();
        return headers == null ? Map.of() : headers;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers().get(name)).map(Object::toString);
    }

    /** The AMQP properties as they came (e.g. the broker-checked {@code user_id}, {@code reply_to}). */
    public AMQP.BasicProperties properties() {
        return properties;
    }

    public Optional<String> messageId() {
        return Optional.ofNullable(properties.getMessageId());
    }

    public Optional<String> correlationId() {
        return Optional.ofNullable(properties.getCorrelationId());
    }

    public String exchange() {
        return envelope.getExchange();
    }

    public String routingKey() {
        return envelope.getRoutingKey();
    }

    /** Done: the broker forgets the message. */
    public void ack() {
        settle(Acks.Outcome.ACK);
    }

    /** Never processable: the broker moves it to the queue's dead-letter queue. */
    public void deadLetter() {
        settle(Acks.Outcome.DEAD_LETTER);
    }

    /** Not processed this time: the broker delivers it again, until the queue's delivery limit dead-letters it. */
    public void requeue() {
        settle(Acks.Outcome.REQUEUE);
    }

    boolean settled() {
        return settled;
    }

    private void settle(Acks.Outcome outcome) {
        if (!settled) {
            settled = true;
            acks.settle(envelope.getDeliveryTag(), outcome);
            onSettled.run();
        }
    }
}
