package homework.arch.infra.inbox;

import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * A consumer's effect applied to a batch of events in one autocommitted statement that records the events itself
 * ({@link Inbox#RECORD_ALL}): one round trip and one commit for many events, for the consumers whose every event costs
 * too much otherwise.
 *
 * @param <T> the event
 * @param <W> the write one event asks for
 * @param <R> what the statement did for one write
 */
public interface BatchEffect<T, W, R> {

    /**
     * The write of one event, made before it joins a batch, on the event's own context.
     *
     * @throws PoisonMessage if the event can never be applied: it is dead-lettered alone
     */
    W prepare(T event);

    /**
     * Applies the writes, each event at most once, in one statement that begins with {@link Inbox#RECORD_ALL} and
     * runs with {@link InboxBatch#parameters()} followed by its own.
     *
     * @return what was done for each write, in their order
     */
    Uni<List<R>> applyAll(InboxBatch inbox, List<W> writes);

    /**
     * Called for each write after the commit, on its event's own context (its span and correlation id current).
     *
     * @return whether the event was new; false for a duplicate, which wrote nothing
     */
    boolean applied(W write, R result);
}
