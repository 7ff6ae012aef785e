package homework.arch.infra.outbox;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import homework.arch.infra.correlation.CorrelationId;
import homework.arch.infra.tracing.MessageTracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Publishes claimed outbox rows with publisher confirms.
 * <p>
 * Why RabbitMQ's Java client itself and not a SmallRye Reactive Messaging emitter or the Vert.x RabbitMQ client (on
 * which both are built): an emitter channel is bound to one exchange fixed in configuration, while the exchange and
 * routing key here are data of each row (including the default exchange with a {@code reply_to} queue as routing key),
 * and the relay must know that exactly the rows of its batch were confirmed before it commits their deletion. The
 * Vert.x client hands every channel call to a worker thread of its own, one hand-off (and thread wake-up) per event;
 * here the whole batch is one blocking task on a worker: declare what is new, publish the rows in order, wait for all
 * their confirms ({@code waitForConfirmsOrDie}). Any failure discards the connection so the next batch starts clean.
 * <p>
 * One relay drives it, one batch at a time; the connection is only touched under this object's lock.
 */
public class OutboxPublisher {

    private static final Logger LOG = Logger.getLogger(OutboxPublisher.class);
    private static final int PERSISTENT = 2;
    private static final int CLOSE_TIMEOUT_MILLIS = 1_000;

    private final Vertx vertx;
    private final ConnectionFactory factory;
    private final Duration confirmTimeout;
    private final String appId;
    private final MessageTracing tracing;
    private final Set<String> declaredExchanges = new HashSet<>();
    private Connection connection;
    private Channel channel;

    public OutboxPublisher(Vertx vertx, ConnectionFactory factory, Duration confirmTimeout, String appId,
            MessageTracing tracing) {
        this.vertx = vertx;
        this.factory = factory.clone();
        // the relay retries whole batches with backoff instead
        this.factory.setAutomaticRecoveryEnabled(false);
        this.factory.setTopologyRecoveryEnabled(false);
        this.confirmTimeout = confirmTimeout;
        this.appId = appId;
        this.tracing = tracing;
    }

    /** Completes once the broker has confirmed every row; fails if any row may not have been accepted. */
    Uni<Void> publish(List<OutboxRow> rows) {
        List<Span> spans = new ArrayList<>(rows.size());
        List<Outgoing> batch = new ArrayList<>(rows.size());
        for (OutboxRow row : rows) {
            MessageTracing.Publishing publishing = tracing.startPublish(row.exchange(), row.routingKey(),
                    row.id().toString(), row.headers());
            spans.add(publishing.span());
            batch.add(new Outgoing(row.exchange(), row.routingKey(), properties(row, publishing.headers()),
                    row.payload().getBytes(StandardCharsets.UTF_8)));
        }
        return vertx.<Void>executeBlocking(() -> {
                    sendAndConfirm(batch);
                    return null;
                }, false)
                // A row's span lasts until the broker confirmed it, or the batch failed.
                .onTermination().invoke((done, failure, cancelled) -> spans.forEach(span -> {
                    if (failure != null) {
                        span.recordException(failure);
                        span.setStatus(StatusCode.ERROR);
                    }
                    span.end();
                }));
    }

    public Uni<Void> close() {
        return vertx.executeBlocking(() -> {
            disconnect();
            return null;
        }, false);
    }

    private synchronized void sendAndConfirm(List<Outgoing> batch) throws IOException, InterruptedException,
            TimeoutException {
        try {
            Channel c = channel();
            for (Outgoing message : batch) {
                // Topic exchanges are declared (durable) before their first use, so no event is routed into nothing.
                if (!message.exchange().isEmpty() && !declaredExchanges.contains(message.exchange())) {
                    c.exchangeDeclare(message.exchange(), "topic", true);
                    declaredExchanges.add(message.exchange());
                }
                c.basicPublish(message.exchange(), message.routingKey(), message.properties(), message.body());
            }
            c.waitForConfirmsOrDie(confirmTimeout.toMillis());
        } catch (IOException | TimeoutException | RuntimeException e) {
            disconnect();
            throw e;
        } catch (InterruptedException e) {
            disconnect();
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    private Channel channel() throws IOException, TimeoutException {
        if (channel != null && channel.isOpen()) {
            return channel;
        }
        disconnect();
        connection = factory.newConnection(appId + " outbox relay");
        channel = connection.createChannel();
        channel.confirmSelect();
        LOG.infof("Outbox relay connected to RabbitMQ at %s:%d", factory.getHost(), factory.getPort());
        return channel;
    }

    private synchronized void disconnect() {
        Connection current = connection;
        connection = null;
        channel = null;
        declaredExchanges.clear();
        if (current != null) {
            current.abort(CLOSE_TIMEOUT_MILLIS); // never throws; a dead connection is just let go
        }
    }

    private AMQP.BasicProperties properties(OutboxRow row, Map<String, String> sentHeaders) {
        Map<String, Object> headers = new HashMap<>(sentHeaders);
        return new AMQP.BasicProperties.Builder()
                .messageId(row.id().toString())
                .type(row.type())
                .contentType("application/json")
                .deliveryMode(PERSISTENT)
                .timestamp(Date.from(row.timestamp()))
                .correlationId(row.headers().get(CorrelationId.MESSAGE_HEADER))
                .appId(appId)
                .headers(headers)
                .build();
    }

    private record Outgoing(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
    }
}
