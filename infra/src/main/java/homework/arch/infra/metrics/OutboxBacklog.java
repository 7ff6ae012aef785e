package homework.arch.infra.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

/**
 * The outbox's backlog as gauges: {@code outbox_backlog} (rows not yet confirmed by the broker) and
 * {@code outbox_oldest_age_seconds} (how long the oldest has waited; 0 when there is none). Every service has the
 * table, so every service reports it; every replica reports the same table.
 * <p>
 * One query every {@code infra.metrics.sample-every} refreshes both, and a scrape reads the last values: a scrape
 * never waits for the database, and many scrapes cost no more queries. Until the first sample, and while the
 * database cannot be asked, they are NaN (unknown), which no alert mistakes for a value.
 */
@ApplicationScoped
public class OutboxBacklog {

    private static final Logger LOG = Logger.getLogger(OutboxBacklog.class);
    // One pass over the table: it is small unless the relay is stuck, and then this is what must be seen.
    private static final String SAMPLE = """
            SELECT count(*) AS backlog,
                   coalesce(extract(epoch FROM now() - min(timestamp)), 0)::float8 AS oldest_age
            FROM outbox_event
            """;

    private final Instance<Pool> pool;
    private volatile double backlog = Double.NaN;
    private volatile double oldestAge = Double.NaN;

    public OutboxBacklog(Instance<Pool> pool, MeterRegistry registry) {
        this.pool = pool;
        Gauge.builder("outbox.backlog", this, o -> o.backlog).strongReference(true)
                .description("Outbox rows not yet published and confirmed by the broker")
                .register(registry);
        Gauge.builder("outbox.oldest.age", this, o -> o.oldestAge).strongReference(true).baseUnit("seconds")
                .description("How long the oldest outbox row has waited to be published")
                .register(registry);
    }

    @Scheduled(identity = "outbox-backlog-gauges", every = "${infra.metrics.sample-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sample() {
        return pool.get().query(SAMPLE).execute()
                .invoke(rows -> {
                    Row row = rows.iterator().next();
                    backlog = row.getLong("backlog");
                    oldestAge = row.getDouble("oldest_age");
                })
                .onFailure().invoke(e -> {
                    LOG.debugf("Outbox backlog not sampled: %s", e.toString());
                    backlog = Double.NaN;
                    oldestAge = Double.NaN;
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
