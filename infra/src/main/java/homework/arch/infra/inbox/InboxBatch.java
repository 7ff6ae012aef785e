package homework.arch.infra.inbox;

import io.vertx.mutiny.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/**
 * The records a consumer's statement writes into the inbox for a batch of events ({@link Inbox#RECORD_ALL}).
 *
 * @param eventIds distinct, in the order of the batch's writes
 */
public record InboxBatch(String consumer, List<UUID> eventIds) {

    public InboxBatch {
        eventIds = List.copyOf(eventIds);
    }

    /** {@link Inbox#RECORD_ALL}'s {@code $1} and {@code $2}, new each time: the statement adds its own after them. */
    public Tuple parameters() {
        return Tuple.of(consumer, eventIds.toArray(UUID[]::new));
    }
}
