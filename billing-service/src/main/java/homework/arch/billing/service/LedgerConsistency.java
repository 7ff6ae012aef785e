package homework.arch.billing.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * {@code billing_ledger_consistent}: 1 when the last reconciliation of the ledger ({@link BillingQueries#reconcile},
 * the same check as {@code GET /q/reconciliation}) found it consistent, 0 when it did not, NaN before the first and
 * after a failed one (unknown, which no alert mistakes for either).
 * <p>
 * The reconciliation reads the whole journal, so it runs every {@code billing.reconciliation.check-every}, on the
 * reactive pool (never blocking the event loop), one run at a time; a scrape only reads the last result.
 */
@ApplicationScoped
public class LedgerConsistency {

    private static final Logger LOG = Logger.getLogger(LedgerConsistency.class);

    private final BillingQueries queries;
    private volatile double consistent = Double.NaN;

    public LedgerConsistency(BillingQueries queries, MeterRegistry registry) {
        this.queries = queries;
        Gauge.builder("billing.ledger.consistent", this, l -> l.consistent).strongReference(true)
                .description("1 if the last reconciliation found the ledger consistent, 0 if not")
                .register(registry);
    }

    @Scheduled(identity = "ledger-consistency-gauge", every = "${billing.reconciliation.check-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> check() {
        return queries.reconcile()
                .invoke(reconciliation -> {
                    consistent = reconciliation.consistent() ? 1 : 0;
                    if (!reconciliation.consistent()) {
                        LOG.errorf("The ledger is inconsistent; GET /q/reconciliation on the management port says "
                                + "where");
                    }
                })
                .onFailure().invoke(e -> {
                    LOG.warnf("Ledger reconciliation failed: %s", e.toString());
                    consistent = Double.NaN;
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
