package homework.arch.infra.inbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Remembers which events a consumer has applied. Called inside the consumer's transaction, before its effect: the
 * record and the effect commit or roll back together, so each event has its effect exactly once.
 */
@ApplicationScoped
public class Inbox {

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
