package homework.arch.infra.outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import org.jboss.logging.Logger;

/**
 * Moves committed outbox rows to RabbitMQ: takes a batch (deletes it in its transaction), publishes it, waits for
 * the broker's confirms and only then commits. A crash or failure anywhere before that commit leaves the rows in place,
 * so every event is published at least once (consumers deduplicate by message id).
 * <p>
 * Any number of relays (one per service instance) may run against the same table; one at a time publishes, the one
 * whose transaction holds the table's advisory lock ({@link OutboxTable#take}), and the others find nothing to do
 * until it commits. It sends the oldest rows first, so the events of one aggregate leave in enqueue order even across
 * replicas. This relies on producers serialising their writes to one aggregate (they do: the aggregate's row is locked
 * by the business update in the same transaction), so that its events commit in the order of their sequence.
 * <p>
 * A relay drains while there is work: {@link #wake()} (called by this instance's writers after each commit, and by a
 * poll timer) starts a drain unless one is running, after {@link OutboxConfig#linger()}, so that the commits of that
 * moment leave in one batch rather than one transaction each; a failure pauses the relay with exponential backoff.
 */
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final Pool pool;
    private final Vertx vertx;
    private final OutboxPublisher publisher;
    private final OutboxConfig config;
    private final IntConsumer batches;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();
    private volatile boolean pausedAfterFailure;
    private volatile boolean stopped = true;
    private int consecutiveFailures;
    private long pollTimer = -1;

    /** @param batches told the number of events of each batch sent */
    public OutboxRelay(Pool pool, Vertx vertx, OutboxPublisher publisher, OutboxConfig config, IntConsumer batches) {
        this.pool = pool;
        this.vertx = vertx;
        this.publisher = publisher;
        this.config = config;
        this.batches = batches;
    }

    public void start() {
        stopped = false;
        pollTimer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> wake());
        wake();
    }

    public Uni<Void> stop() {
        stopped = true;
        if (pollTimer >= 0) {
            vertx.cancelTimer(pollTimer);
        }
        return publisher.close();
    }

    /** Asks for a drain soon; cheap and safe to call from any thread, any number of times. */
    public void wake() {
        wanted.set(true);
        if (!stopped && !pausedAfterFailure && running.compareAndSet(false, true)) {
            long linger = config.linger().toMillis();
            if (linger > 0) {
                vertx.setTimer(linger, id -> drain());
            } else {
                drain();
            }
        }
    }

    private void drain() {
        wanted.set(false);
        relayBatch().subscribe().with(sent -> {
            consecutiveFailures = 0;
            if (sent > 0 && !stopped) {
                drain(); // there may be more
                return;
            }
            running.set(false);
            if (wanted.get()) {
                wake(); // a commit was notified while the last, empty claim was already running
            }
        }, failure -> {
            consecutiveFailures++;
            long pause = backoffMillis();
            LOG.warnf("Outbox relay failed (%d in a row), retrying in %d ms: %s", consecutiveFailures, pause,
                    failure.toString());
            pausedAfterFailure = true;
            running.set(false);
            vertx.setTimer(pause, id -> {
                pausedAfterFailure = false;
                wake();
            });
        });
    }

    /** One transaction: take (delete), publish, confirm, commit. Returns how many events were published. */
    public Uni<Integer> relayBatch() {
        return pool.withTransaction(connection -> OutboxTable.take(connection, config.batchSize())
                .chain(rows -> rows.isEmpty()
                        ? Uni.createFrom().item(0)
                        : publisher.publish(rows).replaceWith(rows.size())))
                .invoke(sent -> {
                    if (sent > 0) {
                        batches.accept(sent);
                    }
                });
    }

    private long backoffMillis() {
        long min = config.minBackoff().toMillis();
        long max = config.maxBackoff().toMillis();
        int doublings = Math.min(consecutiveFailures - 1, 30);
        return Math.min(max, min << doublings);
    }
}
