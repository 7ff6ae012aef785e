package homework.arch.billing.service;

import homework.arch.billing.Hold;
import homework.arch.billing.config.BillingConfig;
import homework.arch.billing.repository.HoldRepository;
import homework.arch.infra.tracing.Traces;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Releases holds that expired while HELD, a batch per transaction. Any number of replicas may run it at once: each
 * batch locks its holds with SKIP LOCKED, so replicas split the work and never release a hold twice. A batch that
 * releases holds is a trace of its own; a check that finds none leaves no trace.
 */
@ApplicationScoped
public class HoldExpiry {

    private final HoldRepository holds;
    private final Ledger ledger;
    private final OperationMetrics metrics;
    private final Traces traces;
    private final int batchSize;

    public HoldExpiry(HoldRepository holds, Ledger ledger, OperationMetrics metrics, Traces traces,
            BillingConfig config) {
        this.holds = holds;
        this.ledger = ledger;
        this.metrics = metrics;
        this.traces = traces;
        this.batchSize = config.holds().expiryBatchSize();
    }

    @Scheduled(identity = "hold-expiry", every = "${billing.holds.expiry-check-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return releaseExpired().replaceWithVoid();
    }

    /** Releases every hold that has expired by now; returns how many this call released. */
    public Uni<Integer> releaseExpired() {
        return releaseFrom(Ledger.now(), 0);
    }

    private Uni<Integer> releaseFrom(Instant now, int releasedSoFar) {
        return Panache.withTransaction(() -> holds.lockDue(now, batchSize).chain(due -> due.isEmpty()
                        ? Uni.createFrom().item(0)
                        : traces.inNewTrace("expire holds", () -> Multi.createFrom().iterable(due)
                                .onItem().transformToUniAndConcatenate((Hold hold) -> ledger.post(hold.expire(now),
                                        null, now))
                                .collect().asList()
                                .map(released -> released.size()))))
                .invoke(metrics::holdsExpired)
                .chain(released -> released < batchSize ? Uni.createFrom().item(releasedSoFar + released)
                        : releaseFrom(now, releasedSoFar + released));
    }
}
