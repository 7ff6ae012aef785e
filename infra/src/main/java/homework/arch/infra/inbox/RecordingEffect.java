package homework.arch.infra.inbox;

import io.smallrye.mutiny.Uni;

/**
 * A consumer's effect that is one autocommitted statement recording its event itself ({@link Inbox#RECORD}): no
 * transaction, no session, one round trip, for the consumers whose every event costs too much otherwise.
 */
@FunctionalInterface
public interface RecordingEffect<T> {

    /**
     * @param inbox the event's inbox record: the effect runs its statement with {@link InboxEntry#parameters()}
     *              followed by its own
     * @return whether the event was new (the inbox row was inserted); false for a duplicate, which wrote nothing
     */
    Uni<Boolean> apply(T event, InboxEntry inbox);
}
