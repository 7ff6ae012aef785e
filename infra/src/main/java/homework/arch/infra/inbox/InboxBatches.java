package homework.arch.infra.inbox;

import homework.arch.infra.broker.Delivery;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The events of one consumer, gathered into batches that its {@link BatchEffect} applies in one statement each: a
 * batch is applied when it holds {@code infra.inbox.batch-size} events, or {@code infra.inbox.batch-linger} after its
 * first event arrived. Several batches may be in flight at once (as many as the queue's prefetch allows).
 * <p>
 * An event id that is twice in one batch (a producer's redelivery) is written once; its other message is answered as
 * a duplicate after the commit. Each message's outcome is handed back on the message's own Vert.x context, where its
 * span and correlation id are current, so that the consumer's log lines of an event carry the event's trace.
 */
public final class InboxBatches<T, W, R> {

    private final InboxReceiver receiver;
    private final String consumer;
    private final Class<T> type;
    private final Function<T, UUID> eventId;
    private final BatchEffect<T, W, R> effect;
    private final Vertx vertx;
    private final int batchSize;
    private final long lingerMillis;

    private List<Waiting> filling = new ArrayList<>();

    InboxBatches(InboxReceiver receiver, String consumer, Class<T> type, Function<T, UUID> eventId,
            BatchEffect<T, W, R> effect, Vertx vertx, InboxConfig config) {
        this.receiver = receiver;
        this.consumer = consumer;
        this.type = type;
        this.eventId = eventId;
        this.effect = effect;
        this.vertx = vertx;
        this.batchSize = config.batchSize();
        this.lingerMillis = Math.max(1, config.batchLinger().toMillis());
    }

    /** Never fails: the message ends acked, dead-lettered or requeued, as {@link InboxReceiver#receive} ends it. */
    public Uni<Void> receive(Delivery delivery) {
        return receiver.receiveOnce(delivery, consumer, type, event -> {
            UUID id = eventId.apply(event);
            W write = effect.prepare(event);
            return Uni.createFrom().<Boolean>emitter(
                    emitter -> join(new Waiting(id, write, emitter, Vertx.currentContext())));
        });
    }

    /** One event in a batch, waiting for its outcome. */
    private final class Waiting {

        final UUID id;
        final W write;
        private final UniEmitter<? super Boolean> emitter;
        private final Context context;

        Waiting(UUID id, W write, UniEmitter<? super Boolean> emitter, Context context) {
            this.id = id;
            this.write = write;
            this.emitter = emitter;
            this.context = context;
        }

        /** @param outcome whether the event was new; run on the event's context, where its span is current */
        void settle(Function<Waiting, Boolean> outcome) {
            onOwnContext(() -> {
                try {
                    emitter.complete(outcome.apply(this));
                } catch (RuntimeException e) {
                    emitter.fail(e);
                }
            });
        }

        void fail(Throwable failure) {
            onOwnContext(() -> emitter.fail(failure));
        }

        private void onOwnContext(Runnable action) {
            if (context == null) {
                action.run();
            } else {
                context.runOnContext(ignored -> action.run());
            }
        }
    }

    private void join(Waiting waiting) {
        List<Waiting> full = null;
        synchronized (this) {
            filling.add(waiting);
            if (filling.size() >= batchSize) {
                full = take();
            } else if (filling.size() == 1) {
                // On the first event's context: the batch's statement is traced in its span.
                List<Waiting> batch = filling;
                vertx.setTimer(lingerMillis, timer -> apply(takeIfStill(batch)));
            }
        }
        if (full != null) {
            apply(full);
        }
    }

    private List<Waiting> take() {
        List<Waiting> batch = filling;
        filling = new ArrayList<>();
        return batch;
    }

    /** The batch, if it is still filling when its linger ends; none if it filled up before. */
    private synchronized List<Waiting> takeIfStill(List<Waiting> batch) {
        return filling == batch ? take() : List.of();
    }

    private void apply(List<Waiting> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Set<UUID> seen = new HashSet<>();
        List<Waiting> written = new ArrayList<>();
        List<Waiting> repeated = new ArrayList<>();
        for (Waiting waiting : batch) {
            (seen.add(waiting.id) ? written : repeated).add(waiting);
        }
        InboxBatch inbox = new InboxBatch(consumer, written.stream().map(waiting -> waiting.id).toList());
        List<W> writes = written.stream().map(waiting -> waiting.write).toList();
        receiver.retried(() -> effect.applyAll(inbox, writes).invoke(results -> {
            if (results.size() != writes.size()) {
                throw new IllegalStateException(consumer + ": a batch of " + writes.size() + " events answered "
                        + results.size() + " times");
            }
        })).subscribe().with(results -> {
            for (int i = 0; i < written.size(); i++) {
                R result = results.get(i);
                written.get(i).settle(waiting -> effect.applied(waiting.write, result));
            }
            repeated.forEach(waiting -> waiting.settle(ignored -> false));
        }, failure -> batch.forEach(waiting -> waiting.fail(failure)));
    }
}
