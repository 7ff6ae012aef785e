package homework.arch.infra.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * A gauge whose value a periodic query sets (every {@code infra.metrics.sample-every}, or a service's own interval),
 * for figures the database must count: a scrape reads the last value, so it never waits for the database and many
 * scrapes cost no more queries. NaN (unknown) until the first sample and after a failed one, which no alert mistakes
 * for a value.
 */
public final class SampledGauge {

    private static final Logger LOG = Logger.getLogger(SampledGauge.class);

    private volatile double value = Double.NaN;

    private SampledGauge() {
    }

    /** @param baseUnit e.g. {@code seconds} (Prometheus appends it to the name), or null */
    public static SampledGauge register(MeterRegistry registry, String name, String baseUnit, String description) {
        SampledGauge gauge = new SampledGauge();
        Gauge.builder(name, gauge, g -> g.value).strongReference(true).baseUnit(baseUnit).description(description)
                .register(registry);
        return gauge;
    }

    public void set(double value) {
        this.value = value;
    }

    /**
     * One sample: runs the query and hands its answer to {@code apply}, which sets the gauges; if the query fails,
     * every one of {@code gauges} becomes unknown. Never fails, so a scheduled sample goes on after a failure.
     */
    public static <T> Uni<Void> sample(String what, Uni<T> query, Consumer<T> apply, SampledGauge... gauges) {
        return query.invoke(apply)
                .onFailure().invoke(e -> {
                    LOG.debugf("%s not sampled: %s", what, e.toString());
                    for (SampledGauge gauge : gauges) {
                        gauge.set(Double.NaN);
                    }
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
