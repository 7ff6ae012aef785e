package homework.arch.infra.idempotency;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Deletes expired idempotency records, batch by batch, each in its own short transaction. Off unless the service
 * sets {@code homework.idempotency.purge-every}; safe with any number of replicas running it at once.
 */
@ApplicationScoped
public class IdempotencyPurge {

    private static final Logger LOG = Logger.getLogger(IdempotencyPurge.class);

    private final IdempotencyStore store;
    private final IdempotencyConfig config;

    public IdempotencyPurge(IdempotencyStore store, IdempotencyConfig config) {
        this.store = store;
        this.config = config;
    }

    @Scheduled(identity = "idempotency-purge", every = "${homework.idempotency.purge-every:off}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return purgeAll().invoke(purged -> {
            if (purged > 0) {
                LOG.debugf("Purged %d expired idempotency records", purged);
            }
        }).replaceWithVoid();
    }

    /** Purges until no expired record is left; returns how many were deleted. */
    public Uni<Integer> purgeAll() {
        return purgeFrom(0);
    }

    private Uni<Integer> purgeFrom(int purgedSoFar) {
        int batch = config.purgeBatchSize();
        return Panache.withTransaction(() -> store.purgeExpired(batch))
                .chain(purged -> purged < batch ? Uni.createFrom().item(purgedSoFar + purged)
                        : purgeFrom(purgedSoFar + purged));
    }
}
