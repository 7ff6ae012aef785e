package homework.arch.infra.broker;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Runs a {@link QueueConsumer} for every {@link QueueHandler} bean of this service, all on one connection, and tells
 * readiness whether each one consumes. A broker that cannot be reached at start, or a queue that cannot be declared
 * or consumed (a missing permission, a queue deleted under the consumer), is tried again every
 * {@code reconnect-interval}; a connection lost later is recovered by the Java client itself.
 */
@ApplicationScoped
@Readiness
public class QueueConsumers implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(QueueConsumers.class);
    private static final long STOP_WAIT_MILLIS = 5_000;

    private final Vertx vertx;
    private final ConsumerConfig config;
    private final ConnectionFactory factory;
    private final String connectionName;
    private final List<QueueConsumer> consumers = new ArrayList<>();
    private volatile Connection connection;
    private volatile boolean stopped;

    @Inject
    public QueueConsumers(Vertx vertx, ConsumerConfig config, Broker broker, Instance<QueueHandler> handlers,
            @ConfigProperty(name = "quarkus.application.name") Optional<String> applicationName) {
        this(vertx, config, broker.factory(), handlers.stream().toList(),
                applicationName.orElse("consumers") + " consumers");
    }

    /** @param factory used as it is, with the Java client's recovery turned on */
    QueueConsumers(Vertx vertx, ConsumerConfig config, ConnectionFactory factory, List<QueueHandler> handlers,
            String connectionName) {
        this.vertx = vertx;
        this.config = config;
        this.connectionName = connectionName;
        this.factory = factory;
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(config.reconnectInterval().toMillis());
        for (QueueHandler handler : handlers) {
            ConsumerConfig.Channel channel = config.channels().get(handler.channel());
            if (channel == null) {
                throw new IllegalStateException("No settings for the queue of " + handler.getClass().getName()
                        + ": infra.consumer.channels." + handler.channel() + ".*");
            }
            consumers.add(new QueueConsumer(handler.channel(), channel, handler, vertx, vertx.getOrCreateContext(),
                    config.ackLinger().toMillis()));
        }
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts consuming, at once or as soon as the broker lets it. */
    void start() {
        if (!consumers.isEmpty()) {
            attempt();
        }
    }

    /** Takes no more deliveries, lets those in hand finish (for a while) and closes the connection. */
    void stop() {
        stopped = true;
        consumers.forEach(consumer -> consumer.stop(STOP_WAIT_MILLIS));
        Connection open = connection;
        if (open != null) {
            try {
                open.close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("closing the consumers' connection failed", e);
            }
        }
    }

    /** Connects if need be and starts every consumer that does not consume; again later if anything is left. */
    private void attempt() {
        vertx.executeBlocking(() -> {
            if (stopped) {
                return null;
            }
            try {
                Connection open = connect();
                for (QueueConsumer consumer : consumers) {
                    if (!consumer.consuming()) {
                        start(consumer, open);
                    }
                }
            } catch (IOException | TimeoutException | RuntimeException e) {
                LOG.warnf("RabbitMQ cannot be reached (%s); trying again in %s", e.getMessage(),
                        config.reconnectInterval());
            }
            return null;
        }, false).onComplete(done -> {
            if (stopped) {
                return;
            }
            // Again if anything is left; else watch for a consumer the broker cancels later (its queue deleted).
            boolean left = !allConsuming();
            vertx.setTimer(config.reconnectInterval().toMillis(), timer -> {
                if (left) {
                    attempt();
                } else {
                    watch();
                }
            });
        });
    }

    private void watch() {
        if (stopped) {
            return;
        }
        Connection open = connection;
        // A connection being recovered by the client is left to it.
        if (open != null && open.isOpen() && !allConsuming()) {
            attempt();
        } else {
            vertx.setTimer(config.reconnectInterval().toMillis(), timer -> watch());
        }
    }

    private Connection connect() throws IOException, TimeoutException {
        Connection open = connection;
        if (open == null) {
            open = factory.newConnection(connectionName);
            connection = open;
        }
        return open;
    }

    private void start(QueueConsumer consumer, Connection open) {
        try {
            consumer.start(open);
        } catch (IOException | RuntimeException e) {
            LOG.errorf("Cannot consume %s (channel %s): %s; trying again in %s", consumer.queue(), consumer.name(),
                    e.getCause() == null ? e.getMessage() : e.getCause().getMessage(), config.reconnectInterval());
        }
    }

    private boolean allConsuming() {
        return consumers.stream().allMatch(QueueConsumer::consuming);
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("RabbitMQ consumers").status(allConsuming());
        consumers.forEach(consumer -> response.withData(consumer.queue(), consumer.consuming()));
        return response.build();
    }
}
