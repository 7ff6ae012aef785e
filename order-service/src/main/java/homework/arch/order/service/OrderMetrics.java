package homework.arch.order.service;

import homework.arch.order.Order;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;

/**
 * {@code orders_settled_total}: orders settled, by outcome ({@code paid}, {@code cancelled}) and reason (a
 * {@link homework.arch.order.CancellationReason} code, or {@code none} for a paid order). Counted once per order, by
 * the attempt that recorded its outcome, after that commit.
 */
@ApplicationScoped
public class OrderMetrics {

    private static final String NONE = "none";

    private final MeterRegistry registry;

    public OrderMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void settled(Order order) {
        Counter.builder("orders.settled").description("Orders paid or cancelled, by outcome and reason")
                .tag("outcome", order.status().name().toLowerCase(Locale.ROOT))
                .tag("reason", order.reason() == null ? NONE : order.reason())
                .register(registry).increment();
    }
}
