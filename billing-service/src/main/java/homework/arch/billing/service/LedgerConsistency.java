package homework.arch.billing.service;

import homework.arch.infra.metrics.SampledGauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * {@code billing_ledger_consistent}: 1 when the last reconciliation of the ledger ({@link BillingQueries#reconcile},
 * the same check as {@code GET /q/reconciliation}) found it consistent, 0 when it did not, NaN before the first and
 * after a failed one. The reconciliation reads the whole journal, so it runs every
 * {@code billing.reconciliation.check-every} ({@link SampledGauge}: on the reactive pool, one run at a time, and a
 * scrape only reads the last result).
 */
@ApplicationScoped
public class LedgerConsistency {

    private static final Logger LOG = Logger.getLogger(LedgerConsistency.class);

    private final BillingQueries queries;
    private final SampledGauge consistent;

    public LedgerConsistency(BillingQueries queries, MeterRegistry registry) {
        this.queries = queries;
        this.consistent = SampledGauge.register(registry, "billing.ledger.consistent", null,
                "1 if the last reconciliation found the ledger consistent, 0 if not");
    }

    @Scheduled(identity = "ledger-consistency-gauge", every = "${billing.reconciliation.check-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> check() {
        return SampledGauge.sample("Ledger consistency", queries.reconcile(), reconciliation -> {
            consistent.set(reconciliation.consistent() ? 1 : 0);
            if (!reconciliation.consistent()) {
                LOG.error("The ledger is inconsistent; GET /q/reconciliation on the management port says where");
            }
        }, consistent);
    }
}
