package homework.arch.infra.inbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A consumer's effect that is one autocommitted statement recording its event itself ({@link Inbox#RECORD}): no
 * transaction, no session, one round trip, for the consumers whose every event costs too much otherwise.
 */
@FunctionalInterface
public interface RecordingEffect<T> {

    /**
     * @param inbox the values of {@link Inbox#RECORD}'s {@code $1} and {@code $2}, fresh for each attempt; the effect
     *              adds its own parameters after them and runs its statement with them
     * @return whether the event was new (the inbox row was inserted); false for a duplicate, which wrote nothing
     */
    Uni<Boolean> apply(T event, Tuple inbox);
}
