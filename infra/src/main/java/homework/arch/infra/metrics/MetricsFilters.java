package homework.arch.infra.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;

/** What every service's meters share, whatever the service measures itself. */
public class MetricsFilters {

    /** Quarkus's HTTP server timer: one per method, templated URI, status and outcome. */
    private static final String HTTP_SERVER_REQUESTS = "http.server.requests";

    /**
     * The HTTP server meters of the API and of the management interface share names, but Quarkus tags them with
     * {@code server.port} only when the port is fixed. With one port fixed and the other random (0), the two servers
     * register the same meter with different tag keys, which Prometheus forbids: the second server fails while
     * binding and the application never finishes starting. Without the tag the tag keys always agree.
     */
    @Produces
    @Singleton
    MeterFilter withoutServerPort() {
        return MeterFilter.ignoreTags("server.port");
    }

    /**
     * Histogram buckets for the HTTP server timer, so that Prometheus can compute latency percentiles across
     * instances (histogram_quantile over {@code http_server_requests_seconds_bucket}); client-side percentiles could
     * not be aggregated. Bounded to 5 ms..30 s, which keeps the buckets per series to a few dozen.
     */
    @Produces
    @Singleton
    MeterFilter httpServerHistogram() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!HTTP_SERVER_REQUESTS.equals(id.getName())) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .percentilesHistogram(true)
                        .minimumExpectedValue((double) Duration.ofMillis(5).toNanos())
                        .maximumExpectedValue((double) Duration.ofSeconds(30).toNanos())
                        .build()
                        .merge(config);
            }
        };
    }
}
