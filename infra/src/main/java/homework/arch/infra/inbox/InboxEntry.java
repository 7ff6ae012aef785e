package homework.arch.infra.inbox;

import io.vertx.mutiny.sqlclient.Tuple;
import java.util.UUID;

/** The record a consumer's statement writes into the inbox for an event ({@link Inbox#RECORD}). */
public record InboxEntry(String consumer, UUID eventId) {

    /** {@link Inbox#RECORD}'s {@code $1} and {@code $2}, new each time: the statement adds its own after them. */
    public Tuple parameters() {
        return Tuple.of(consumer, eventId);
    }
}
