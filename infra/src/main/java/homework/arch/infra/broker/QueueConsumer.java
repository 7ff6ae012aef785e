package homework.arch.infra.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Consumes one queue for its {@link QueueHandler}: declares the queue, its dead-letter queue and bindings, takes
 * {@code prefetch} deliveries at a time (the handler's, else the channel's), runs the handler for each on a Vert.x
 * event loop and sends the settlements.
 * <p>
 * Why not the SmallRye connector: it settles every message with its own call on the Vert.x RabbitMQ client, and each
 * such call is a hand-off to a worker thread and back, the largest single cost of a letter. Here the Java client's
 * thread hands each burst of deliveries to the event loop at once, and the settlements of an {@code ack-linger} leave
 * together in one task, mostly as one {@code multiple} ack ({@link Acks}).
 * The Java client recovers the connection, the declarations and the consumer after a network failure by itself.
 */
final class QueueConsumer {

    private static final Logger LOG = Logger.getLogger(QueueConsumer.class);
    private static final String DEAD_LETTER_EXCHANGE = "DLX";

    private final String name;
    private final ConsumerConfig.Channel config;
    private final QueueHandler handler;
    private final Vertx vertx;
    private final Context eventLoop;
    private final long lingerMillis;
    private final int prefetch;
    private final Queue<Delivery> arrived = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private volatile Acks acks = new Acks();
    private volatile Channel channel;
    private volatile boolean consuming;
    private volatile String consumerTag;

    QueueConsumer(String name, ConsumerConfig.Channel config, QueueHandler handler, Vertx vertx, Context eventLoop,
            long lingerMillis) {
        this.name = name;
        this.config = config;
        this.handler = handler;
        this.vertx = vertx;
        this.eventLoop = eventLoop;
        this.lingerMillis = Math.max(1, lingerMillis);
        this.prefetch = handler.prefetch().orElse(config.prefetch());
    }

    String name() {
        return name;
    }

    String queue() {
        return config.queue();
    }

    boolean consuming() {
        Channel open = channel;
        return consuming && open != null && open.isOpen();
    }

    /** Blocking: declares the queue's topology on a new channel of {@code connection} and starts consuming. */
    void start(Connection connection) throws IOException {
        Channel previous = channel;
        if (previous != null) {
            // What it still holds unsettled goes back to the queue as it closes.
            closeQuietly(previous);
        }
        Channel opened = connection.createChannel();
        try {
            declare(opened);
            opened.basicQos(prefetch);
            acks = new Acks();
            channel = opened;
            consumerTag = opened.basicConsume(config.queue(), false, new Consumer(opened));
            consuming = true;
            LOG.infof("Consuming %s (channel %s, prefetch %d)", config.queue(), name, prefetch);
        } catch (IOException | RuntimeException e) {
            closeQuietly(opened);
            throw e;
        }
    }

    private void declare(Channel on) throws IOException {
        String queue = config.queue();
        String deadLetters = queue + ".dlq";
        if (config.declareExchange()) {
            on.exchangeDeclare(config.exchange(), config.exchangeType(), true);
        }
        on.exchangeDeclare(DEAD_LETTER_EXCHANGE, "direct", true);
        on.queueDeclare(deadLetters, true, false, false, Map.of("x-queue-type", "quorum"));
        on.queueBind(deadLetters, DEAD_LETTER_EXCHANGE, queue);
        on.queueDeclare(queue, true, false, false, Map.of(
                "x-queue-type", "quorum",
                "x-delivery-limit", config.deliveryLimit(),
                "x-dead-letter-exchange", DEAD_LETTER_EXCHANGE,
                "x-dead-letter-routing-key", queue));
        for (String routingKey : config.routingKeys()) {
            on.queueBind(queue, config.exchange(), routingKey);
        }
    }

    /** Blocking: takes no more deliveries, lets those in hand finish for up to {@code waitMillis}, sends their acks. */
    void stop(long waitMillis) {
        Channel open = channel;
        consuming = false;
        if (open == null) {
            return;
        }
        try {
            if (open.isOpen() && consumerTag != null) {
                open.basicCancel(consumerTag);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf(e, "%s: cancelling the consumer failed", name);
        }
        long deadline = System.currentTimeMillis() + waitMillis;
        while (!acks.idle() && System.currentTimeMillis() < deadline) {
            flush();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        flush();
        closeQuietly(open);
    }

    private final class Consumer extends DefaultConsumer {

        Consumer(Channel channel) {
            super(channel);
        }

        @Override
        public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties,
                byte[] body) {
            Acks current = acks;
            current.delivered(envelope.getDeliveryTag());
            arrived.add(new Delivery(body, envelope, properties, current, QueueConsumer.this::settled));
            if (draining.compareAndSet(false, true)) {
                eventLoop.runOnContext(ignored -> drain());
            }
        }

        @Override
        public void handleCancel(String consumerTag) {
            // The queue was deleted or the broker cancelled us: QueueConsumers starts this consumer again.
            consuming = false;
            LOG.warnf("%s: the broker cancelled the consumer of %s", name, config.queue());
        }

        @Override
        public void handleShutdownSignal(String consumerTag, ShutdownSignalException signal) {
            if (!signal.isInitiatedByApplication()) {
                LOG.warnf("%s: the channel of %s closed (%s); the client recovers it", name, config.queue(),
                        signal.getMessage());
            }
        }
    }

    /** On the event loop: each delivery of the burst in a duplicated context of its own. */
    private void drain() {
        do {
            for (Delivery delivery = arrived.poll(); delivery != null; delivery = arrived.poll()) {
                Context context = VertxContext.createNewDuplicatedContext(eventLoop);
                VertxContextSafetyToggle.setContextSafe(context, true);
                Delivery handed = delivery;
                context.runOnContext(ignored -> handle(handed));
            }
            draining.set(false);
        } while (!arrived.isEmpty() && draining.compareAndSet(false, true));
    }

    private void handle(Delivery delivery) {
        Uni<Void> handling;
        try {
            handling = handler.onDelivery(delivery);
        } catch (RuntimeException bug) {
            handling = Uni.createFrom().failure(bug);
        }
        handling.subscribe().with(done -> {
            if (!delivery.settled()) {
                LOG.errorf("%s: the handler left message %s unsettled; requeued", name,
                        delivery.messageId().orElse("(no message_id)"));
                delivery.requeue();
            }
        }, failure -> {
            LOG.errorf(failure, "%s: handling message %s failed; requeued", name,
                    delivery.messageId().orElse("(no message_id)"));
            delivery.requeue();
        });
    }

    /** A delivery was settled: its frame leaves with the others of the next {@code ack-linger}. */
    private void settled() {
        if (flushing.compareAndSet(false, true)) {
            vertx.setTimer(lingerMillis, timer -> vertx.executeBlocking(() -> {
                flushing.set(false);
                flush();
                return null;
            }, false));
        }
    }

    private void flush() {
        Channel open = channel;
        try {
            acks.flush(new Acks.Frames() {
                @Override
                public void ack(long deliveryTag, boolean multiple) throws IOException {
                    open.basicAck(deliveryTag, multiple);
                }

                @Override
                public void reject(long deliveryTag, boolean requeue) throws IOException {
                    open.basicNack(deliveryTag, false, requeue);
                }
            });
        } catch (IOException | RuntimeException e) {
            // The channel is gone: the broker delivers the unsettled messages again, and the inbox skips what was done.
            LOG.debugf(e, "%s: settlements not sent", name);
        }
    }

    private static void closeQuietly(Channel open) {
        try {
            if (open.isOpen()) {
                open.close();
            }
        } catch (IOException | RuntimeException | TimeoutException e) {
            LOG.debugf(e, "closing a channel failed");
        }
    }
}
