package homework.arch.order.service;

import homework.arch.infra.database.Transactions;
import homework.arch.order.repository.OrderRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The orders whose payment's outcome is not known yet, as gauges: {@code orders_pending} and
 * {@code orders_pending_oldest_age_seconds} (0 when there is none). An order stays PENDING only while billing cannot
 * answer; the reconciler retries it, so an old one means the reconciler is not getting through.
 * <p>
 * Sampled by one query every {@code infra.metrics.sample-every} (a scrape only reads the last sample); NaN before the
 * first and while the database cannot be asked.
 */
@ApplicationScoped
public class PendingOrders {

    private static final Logger LOG = Logger.getLogger(PendingOrders.class);

    private final OrderRepository orders;
    private final Transactions transactions;
    private volatile double count = Double.NaN;
    private volatile double oldestAge = Double.NaN;

    public PendingOrders(OrderRepository orders, Transactions transactions, MeterRegistry registry) {
        this.orders = orders;
        this.transactions = transactions;
        Gauge.builder("orders.pending", this, p -> p.count).strongReference(true)
                .description("Orders whose payment's outcome is not known yet")
                .register(registry);
        Gauge.builder("orders.pending.oldest.age", this, p -> p.oldestAge).strongReference(true).baseUnit("seconds")
                .description("How long the oldest PENDING order has waited for its payment's outcome")
                .register(registry);
    }

    @Scheduled(identity = "pending-orders-gauges", every = "${infra.metrics.sample-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sample() {
        return transactions.inSession(orders::pendingSummary)
                .invoke(pending -> {
                    count = pending.count();
                    oldestAge = pending.oldestAgeSeconds();
                })
                .onFailure().invoke(e -> {
                    LOG.debugf("PENDING orders not sampled: %s", e.toString());
                    count = Double.NaN;
                    oldestAge = Double.NaN;
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
