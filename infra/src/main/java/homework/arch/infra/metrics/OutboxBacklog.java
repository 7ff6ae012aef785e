package homework.arch.infra.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/**
 * The outbox's backlog as gauges: {@code outbox_backlog} (rows not yet confirmed by the broker) and
 * {@code outbox_oldest_age_seconds} (how long the oldest has waited; 0 when there is none). Every service has the
 * table, so every service reports it; every replica reports the same table. One query every
 * {@code infra.metrics.sample-every} refreshes both ({@link SampledGauge}).
 */
@ApplicationScoped
public class OutboxBacklog {

    // One pass over the table: it is small unless the relay is stuck, and then this is what must be seen.
    private static final String SAMPLE = """
            SELECT count(*) AS backlog,
                   coalesce(extract(epoch FROM now() - min(timestamp)), 0)::float8 AS oldest_age
            FROM outbox_event
            """;

    private final Instance<Pool> pool;
    private final SampledGauge backlog;
    private final SampledGauge oldestAge;

    public OutboxBacklog(Instance<Pool> pool, MeterRegistry registry) {
        this.pool = pool;
        this.backlog = SampledGauge.register(registry, "outbox.backlog", null,
                "Outbox rows not yet published and confirmed by the broker");
        this.oldestAge = SampledGauge.register(registry, "outbox.oldest.age", "seconds",
                "How long the oldest outbox row has waited to be published");
    }

    @Scheduled(identity = "outbox-backlog-gauges", every = "${infra.metrics.sample-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sample() {
        return SampledGauge.sample("Outbox backlog", pool.get().query(SAMPLE).execute(), rows -> {
            Row row = rows.iterator().next();
            backlog.set(row.getLong("backlog"));
            oldestAge.set(row.getDouble("oldest_age"));
        }, backlog, oldestAge);
    }
}
