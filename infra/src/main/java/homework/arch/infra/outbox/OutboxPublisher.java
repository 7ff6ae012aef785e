package homework.arch.infra.outbox;

import com.rabbitmq.client.AMQP;
import homework.arch.infra.correlation.CorrelationId;
import homework.arch.infra.tracing.MessageTracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Publishes claimed outbox rows with publisher confirms.
 * <p>
 * Why the Vert.x RabbitMQ client and not a SmallRye Reactive Messaging emitter (which is built on the same client):
 * an emitter channel is bound to one exchange fixed in configuration, while the exchange and routing key here are
 * data of each row (including the default exchange with a {@code reply_to} queue as routing key), and the relay must
 * know that exactly the rows of its batch were confirmed before it deletes them in the same database transaction.
 * With the client the relay opens one channel in confirm mode, publishes the batch in order and waits for all its
 * confirms ({@code waitForConfirmsOrDie}); any failure discards the connection so the next batch starts clean.
 * <p>
 * Not thread-safe: one relay drives it, one batch at a time.
 */
public class OutboxPublisher {

    private static final Logger LOG = Logger.getLogger(OutboxPublisher.class);
    private static final int PERSISTENT = 2;

    private final Vertx vertx;
    private final RabbitMQOptions options;
    private final Duration confirmTimeout;
    private final String appId;
    private final MessageTracing tracing;
    private final Set<String> declaredExchanges = new HashSet<>();
    private RabbitMQClient client;

    public OutboxPublisher(Vertx vertx, RabbitMQOptions options, Duration confirmTimeout, String appId,
            MessageTracing tracing) {
        this.vertx = vertx;
        this.options = new RabbitMQOptions(options)
                .setReconnectAttempts(0) // the relay retries whole batches with backoff instead
                .setAutomaticRecoveryEnabled(false)
                .setAutomaticRecoveryOnInitialConnection(false);
        this.confirmTimeout = confirmTimeout;
        this.appId = appId;
        this.tracing = tracing;
    }

    /** Completes once the broker has confirmed every row; fails if any row may not have been accepted. */
    Uni<Void> publish(List<OutboxRow> rows) {
        List<Span> spans = new ArrayList<>(rows.size());
        return connected()
                .call(c -> declareExchanges(c, rows))
                .call(c -> Multi.createFrom().iterable(rows)
                        .onItem().transformToUniAndConcatenate(row -> {
                            MessageTracing.Publishing publishing = tracing.startPublish(row.exchange(),
                                    row.routingKey(), row.id().toString(), row.headers());
                            spans.add(publishing.span());
                            return c.basicPublish(row.exchange(), row.routingKey(),
                                    properties(row, publishing.headers()), Buffer.buffer(row.payload()));
                        })
                        .collect().last())
                .chain(c -> c.waitForConfirms(confirmTimeout.toMillis()))
                .onFailure().call(this::disconnect)
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
        return disconnect();
    }

    private Uni<RabbitMQClient> connected() {
        if (client != null && client.isConnected() && client.isOpenChannel()) {
            return Uni.createFrom().item(client);
        }
        RabbitMQClient fresh = RabbitMQClient.create(vertx, options);
        return disconnect()
                .chain(fresh::start)
                .chain(fresh::confirmSelect)
                .map(ignored -> {
                    declaredExchanges.clear();
                    client = fresh;
                    LOG.infof("Outbox relay connected to RabbitMQ at %s:%d", options.getHost(), options.getPort());
                    return fresh;
                })
                .onFailure().call(() -> stopQuietly(fresh));
    }

    /** Topic exchanges are declared (durable) before their first use, so no event is routed into nothing. */
    private Uni<Void> declareExchanges(RabbitMQClient c, List<OutboxRow> rows) {
        return Multi.createFrom().iterable(rows.stream().map(OutboxRow::exchange)
                        .filter(e -> !e.isEmpty() && !declaredExchanges.contains(e)).distinct().toList())
                .onItem().transformToUniAndConcatenate(exchange -> c.exchangeDeclare(exchange, "topic", true, false)
                        .invoke(() -> declaredExchanges.add(exchange)))
                .collect().last()
                .replaceWithVoid();
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

    private Uni<Void> disconnect() {
        RabbitMQClient current = client;
        client = null;
        return current == null ? Uni.createFrom().voidItem() : stopQuietly(current);
    }

    private static Uni<Void> stopQuietly(RabbitMQClient c) {
        return c.stop().onFailure().recoverWithNull();
    }
}
