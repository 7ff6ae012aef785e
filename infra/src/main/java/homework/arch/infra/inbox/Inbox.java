package homework.arch.infra.inbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Remembers which events a consumer has applied, in the same commit as the consumer's effect, so each event has its
 * effect exactly once: either inside the consumer's transaction, before its effect ({@link #markProcessed}), or as a
 * part of the one statement that is the effect of a batch of events ({@link #RECORD_ALL}).
 */
@ApplicationScoped
public class Inbox {

    /**
     * For an effect that is one statement applied to a batch of events ({@link InboxReceiver#inBatches}): the common
     * table expression {@code inbox}, to follow {@code WITH}, that records the events; its parameters are {@code $1}
     * (the consumer) and {@code $2} (the events' ids, distinct, as {@code uuid[]}), the statement's own start at
     * {@code $3}. It yields the {@code event_id} of each new event and none of a duplicate: the effect's writes join
     * it, so that a duplicate writes nothing, and the statement reports which was which. The records are inserted in
     * the order of their ids, so two batches never wait for each other's records in a cycle; a concurrent duplicate
     * waits on the primary key until the first statement commits.
     */
    public static final String RECORD_ALL = """
            inbox AS (
                INSERT INTO inbox_event (consumer, event_id)
                SELECT $1, event_id FROM unnest($2::uuid[]) AS event_id ORDER BY event_id
                ON CONFLICT DO NOTHING
                RETURNING event_id
            )""";

    // A concurrent duplicate waits on the primary key until the first commits, then inserts nothing.
    private static final String INSERT = """
            INSERT INTO inbox_event (consumer, event_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING
            """;

    /** @return true the first time, false for an event this consumer has already processed */
    public Uni<Boolean> markProcessed(UUID eventId, String consumer) {
        return Uni.createFrom().deferred(Panache::currentTransaction)
                .onFailure().recoverWithNull() // not even a session
                .onItem().ifNull().failWith(() -> new IllegalStateException(
                        "Inbox.markProcessed must run inside the transaction of the consumer's effect"))
                .chain(tx -> Panache.getSession())
                .chain(session -> session.createNativeQuery(INSERT)
                        .setParameter(1, consumer)
                        .setParameter(2, eventId)
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
