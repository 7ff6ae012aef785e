package homework.arch.infra.outbox;

import com.rabbitmq.client.ConnectionFactory;
import homework.arch.infra.broker.Broker;
import homework.arch.infra.tracing.MessageTracing;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs this instance's outbox relay when {@code infra.outbox.enabled=true}. The instance's own writers wake it after
 * each commit ({@link Outbox#committed}); what other instances committed, it finds by its poll, if their own relays
 * have not sent it first. No NOTIFY: PostgreSQL serialises the commits of all notifying transactions (each takes
 * one cluster-wide lock as it commits and holds it until its commit is flushed), so every order's commit would wait
 * for the others' (decision 0022).
 */
@ApplicationScoped
public class OutboxRelayService {

    private static final Logger LOG = Logger.getLogger(OutboxRelayService.class);

    private final OutboxConfig config;
    private final Vertx vertx;
    private final Instance<Pool> pool;
    private final Broker broker;
    private final String applicationName;
    private final MessageTracing tracing;
    private final DistributionSummary batches;
    private volatile OutboxRelay relay;

    public OutboxRelayService(OutboxConfig config, Vertx vertx, Instance<Pool> pool, Broker broker,
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
        this.broker = broker;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        relay = newRelay(broker.factory());
        relay.start();
        LOG.infof("Outbox relay started (batch %d, poll %s)", config.batchSize(), config.pollInterval());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (relay != null) {
            relay.stop().ifNoItem().after(Duration.ofSeconds(5)).recoverWithItem((Void) null).await().indefinitely();
        }
    }

    /** Has this instance's relay, if it runs, send what was just committed. */
    void wake() {
        OutboxRelay running = relay;
        if (running != null) {
            running.wake();
        }
    }

    /** A relay of its own, e.g. for a test that runs several relays or reaches the broker another way. */
    public OutboxRelay newRelay(ConnectionFactory broker) {
        return new OutboxRelay(pool.get(), vertx,
                new OutboxPublisher(vertx, broker, config.confirmTimeout(), applicationName, tracing), config,
                batches::record);
    }

    /** The broker settings the relay uses; a copy, free to modify. */
    public ConnectionFactory broker() {
        return broker.factory();
    }
}
