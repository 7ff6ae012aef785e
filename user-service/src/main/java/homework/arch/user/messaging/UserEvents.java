package homework.arch.user.messaging;

import homework.arch.infra.outbox.Outbox;
import homework.arch.infra.outbox.OutboxMessage;
import homework.arch.user.User;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Turns user changes into outbox rows; must be called inside the transaction that makes the change, and
 * {@link #committed} after its commit.
 */
@ApplicationScoped
public class UserEvents {

    static final String EXCHANGE = "users";
    static final String AGGREGATE = "user";

    private final Outbox outbox;

    public UserEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> created(User user) {
        UserCreated event = new UserCreated(UUID.randomUUID(), user.createdAt(), user.id(), user.name(), user.email());
        return outbox.enqueue(OutboxMessage.event(event.eventId(), AGGREGATE, user.id().toString(), UserCreated.TYPE,
                EXCHANGE, "user.created", event));
    }

    /** Sends the events of a committed transaction now. */
    public void committed() {
        outbox.committed();
    }
}
