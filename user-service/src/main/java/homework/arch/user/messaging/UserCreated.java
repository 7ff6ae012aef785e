package homework.arch.user.messaging;

import java.time.Instant;
import java.util.UUID;

/** Published on exchange {@code users} with routing key {@code user.created}. */
public record UserCreated(UUID eventId, String eventType, Instant occurredAt, UUID userId, String name, String email) {

    public static final String TYPE = "UserCreated";

    public UserCreated(UUID eventId, Instant occurredAt, UUID userId, String name, String email) {
        this(eventId, TYPE, occurredAt, userId, name, email);
    }
}
