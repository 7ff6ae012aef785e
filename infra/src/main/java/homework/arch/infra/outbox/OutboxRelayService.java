package homework.arch.infra.outbox;

import homework.arch.infra.tracing.MessageTracing;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.rabbitmq.RabbitMQOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs this instance's outbox relay when {@code infra.outbox.enabled=true}, and wakes it whenever a transaction that
 * wrote outbox rows commits anywhere (PostgreSQL {@code LISTEN outbox_event}; the table's trigger notifies).
 */
@ApplicationScoped
public class OutboxRelayService {

    private static final Logger LOG = Logger.getLogger(OutboxRelayService.class);
    private static final String CHANNEL = "outbox_event";

    private final OutboxConfig config;
    private final Vertx vertx;
    private final Instance<Pool> pool;
    private final RabbitMQOptions brokerOptions;
    private final String applicationName;
    private final MessageTracing tracing;
    private final DistributionSummary batches;
    private OutboxRelay relay;
    private SqlConnection listener;
    private volatile boolean stopped;

    public OutboxRelayService(OutboxConfig config, Vertx vertx, Instance<Pool> pool,
            @ConfigProperty(name = "rabbitmq-host", defaultValue = "localhost") String host,
            @ConfigProperty(name = "rabbitmq-port", defaultValue = "5672") int port,
            @ConfigProperty(name = "rabbitmq-username", defaultValue = "guest") String username,
            @ConfigProperty(name = "rabbitmq-password", defaultValue = "guest") String password,
            @ConfigProperty(name = "rabbitmq-virtual-host", defaultValue = "/") String virtualHost,
            @ConfigProperty(name = "quarkus.application.name") Optional<String> applicationName,
            MessageTracing tracing, MeterRegistry registry) {
        this.config = config;
        this.vertx = vertx;
        this.pool = pool;
        this.applicationName = applicationName.orElse("outbox-relay");
        this.tracing = tracing;
        // How well the relay gathers: events per transaction (count: transactions, sum: events).
        this.batches = DistributionSummary.builder("outbox.batch.events")
                .description("Events sent per outbox relay transaction").register(registry);
        this.brokerOptions = new RabbitMQOptions()
                .setHost(host).setPort(port).setUser(username).setPassword(password).setVirtualHost(virtualHost)
                .setConnectionTimeout(5_000).setHandshakeTimeout(5_000).setRequestedHeartbeat(15)
                .setConnectionName(this.applicationName + " outbox relay");
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        relay = newRelay(brokerOptions);
        relay.start();
        listen();
        LOG.infof("Outbox relay started (batch %d, poll %s)", config.batchSize(), config.pollInterval());
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        if (listener != null) {
            listener.closeAndForget();
        }
        if (relay != null) {
            relay.stop().ifNoItem().after(Duration.ofSeconds(5)).recoverWithItem((Void) null).await().indefinitely();
        }
    }

    /** A relay of its own, e.g. for a test that runs several relays or reaches the broker another way. */
    public OutboxRelay newRelay(RabbitMQOptions options) {
        return new OutboxRelay(pool.get(), vertx,
                new OutboxPublisher(vertx, options, config.confirmTimeout(), applicationName, tracing), config,
                batches::record);
    }

    /** The broker settings the relay uses; a copy, free to modify. */
    public RabbitMQOptions brokerOptions() {
        return new RabbitMQOptions(brokerOptions);
    }

    private void listen() {
        pool.get().getConnection().subscribe().with(connection -> {
            listener = connection;
            PgConnection.cast(connection)
                    .notificationHandler(notification -> relay.wake())
                    .closeHandler(this::listenAgainLater);
            connection.query("LISTEN " + CHANNEL).execute().subscribe().with(
                    ok -> relay.wake(), // rows committed while nobody listened
                    failure -> connection.closeAndForget());
        }, failure -> listenAgainLater());
    }

    private void listenAgainLater() {
        if (!stopped) {
            LOG.debug("Outbox LISTEN connection lost; polling until it is back");
            vertx.setTimer(config.maxBackoff().toMillis(), id -> listen());
        }
    }
}
