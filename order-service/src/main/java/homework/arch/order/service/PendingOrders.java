package homework.arch.order.service;

import homework.arch.infra.database.Transactions;
import homework.arch.infra.metrics.SampledGauge;
import homework.arch.order.repository.OrderRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The orders whose payment's outcome is not known yet, as gauges: {@code orders_pending} and
 * {@code orders_pending_oldest_age_seconds} (0 when there is none). An order stays PENDING only while billing cannot
 * answer; the reconciler retries it, so an old one means the reconciler is not getting through. One query every
 * {@code infra.metrics.sample-every} refreshes both ({@link SampledGauge}).
 */
@ApplicationScoped
public class PendingOrders {

    private final OrderRepository orders;
    private final Transactions transactions;
    private final SampledGauge count;
    private final SampledGauge oldestAge;

    public PendingOrders(OrderRepository orders, Transactions transactions, MeterRegistry registry) {
        this.orders = orders;
        this.transactions = transactions;
        this.count = SampledGauge.register(registry, "orders.pending", null,
                "Orders whose payment's outcome is not known yet");
        this.oldestAge = SampledGauge.register(registry, "orders.pending.oldest.age", "seconds",
                "How long the oldest PENDING order has waited for its payment's outcome");
    }

    @Scheduled(identity = "pending-orders-gauges", every = "${infra.metrics.sample-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sample() {
        return SampledGauge.sample("PENDING orders", transactions.inSession(orders::pendingSummary), pending -> {
            count.set(pending.count());
            oldestAge.set(pending.oldestAgeSeconds());
        }, count, oldestAge);
    }
}
