package homework.arch.billing.config;

import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

public class MetricsFilters {

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
}
