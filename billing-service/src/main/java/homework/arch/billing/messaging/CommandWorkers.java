package homework.arch.billing.messaging;

import homework.arch.infra.database.DatabaseOutage;
import homework.arch.infra.inbox.InboxConfig;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The command consumer's workflow, apart from the broker: {@code workers} workers, each of which takes every waiting
 * command, up to {@code batchSize}, and applies them in one transaction; a command's message is acked only after
 * that transaction committed. A failed batch is applied again one command per transaction, so that one command that
 * cannot be applied cannot hold back the others; a command that still fails after {@link InboxConfig#retries()}
 * attempts is handed back to the broker; while the database is unavailable as a whole ({@link DatabaseOutage})
 * commands wait for it instead.
 */
final class CommandWorkers {

    private static final Logger LOG = Logger.getLogger(CommandWorkers.class);

    /** A command in hand, and how its message is settled with the broker. */
    interface Delivery {

        ReceivedCommand received();

        /** Acks the message. */
        void ack();

        /** Gives the message back to the broker for another delivery. */
        void handBack(Throwable failure);
    }

    private final Vertx vertx;
    private final int workers;
    private final int batchSize;
    private final InboxConfig retry;
    private final Function<List<ReceivedCommand>, Uni<Void>> apply;
    private final List<Context> eventLoops = new CopyOnWriteArrayList<>();

    private final Object lock = new Object();
    private final Deque<Delivery> waiting = new ArrayDeque<>();
    private int idleWorkers;
    private int nextEventLoop;

    /** @param apply applies commands in one transaction, completing after its commit */
    CommandWorkers(Vertx vertx, int workers, int batchSize, InboxConfig retry,
            Function<List<ReceivedCommand>, Uni<Void>> apply) {
        this.vertx = vertx;
        this.workers = workers;
        this.batchSize = batchSize;
        this.retry = retry;
        this.apply = apply;
        this.idleWorkers = workers;
    }

    /** How many commands the workers may hold at once: a full batch each. */
    int capacity() {
        return Math.multiplyExact(workers, batchSize);
    }

    /**
     * Gives each worker an event loop of its own, so that the workers' JSON and SQL work is spread over the cores:
     * each instance of a verticle gets an event-loop context, the instances taking the event loops in turn. Then the
     * commands submitted meanwhile are applied.
     */
    Uni<Void> start() {
        return Uni.createFrom().completionStage(() -> vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start() {
                eventLoops.add(context);
            }
        }, new DeploymentOptions().setInstances(workers)).toCompletionStage()).replaceWithVoid()
                .invoke(this::dispatch);
    }

    /** Takes a command; a worker applies it as soon as one is idle (once {@link #start}ed). */
    void submit(Delivery delivery) {
        synchronized (lock) {
            waiting.add(delivery);
        }
        dispatch();
    }

    /** Gives waiting commands to idle workers, as many per worker as are waiting (up to the batch size). */
    private void dispatch() {
        while (true) {
            List<Delivery> batch = new ArrayList<>();
            Context eventLoop;
            synchronized (lock) {
                if (idleWorkers == 0 || waiting.isEmpty() || eventLoops.size() < workers) {
                    return;
                }
                idleWorkers--;
                while (batch.size() < batchSize && !waiting.isEmpty()) {
                    batch.add(waiting.poll());
                }
                eventLoop = eventLoops.get(nextEventLoop);
                nextEventLoop = (nextEventLoop + 1) % eventLoops.size();
            }
            // A context of its own: the batch's Hibernate session lives there, apart from every other batch's.
            Context context = VertxContext.createNewDuplicatedContext(eventLoop);
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> process(batch)
                    .onFailure().invoke(bug -> batch.forEach(delivery -> delivery.handBack(bug)))
                    .onFailure().recoverWithNull()
                    .subscribe().with(done -> finished()));
        }
    }

    private void finished() {
        synchronized (lock) {
            idleWorkers++;
        }
        dispatch();
    }

    private Uni<Void> process(List<Delivery> batch) {
        if (batch.size() == 1) {
            return alone(batch.get(0));
        }
        return applyAndAck(batch).onFailure().recoverWithUni(failure -> {
            LOG.infof("A batch of %d commands failed (%s); applying them one by one", batch.size(), failure);
            return Multi.createFrom().iterable(batch).onItem().transformToUniAndConcatenate(this::alone)
                    .collect().last().replaceWithVoid();
        });
    }

    /**
     * One command, one transaction, retried with backoff; then handed back to the broker. While the database is
     * unavailable as a whole, the command waits for it as long as it takes.
     */
    private Uni<Void> alone(Delivery delivery) {
        return applyAndAck(List.of(delivery))
                .onFailure(DatabaseOutage::explains).invoke(failure -> LOG.warnf(
                        "The database is unavailable (%s); command %s waits for it", failure,
                        delivery.received().command().operationId()))
                .onFailure(DatabaseOutage::explains).retry().withBackOff(retry.minBackoff(), retry.maxBackoff())
                .indefinitely()
                .onFailure().retry().withBackOff(retry.minBackoff(), retry.maxBackoff()).atMost(retry.retries())
                .onFailure().invoke(delivery::handBack)
                .onFailure().recoverWithNull();
    }

    private Uni<Void> applyAndAck(List<Delivery> batch) {
        return Uni.createFrom().deferred(() -> apply.apply(batch.stream().map(Delivery::received).toList()))
                .invoke(() -> batch.forEach(Delivery::ack));
    }
}
