package homework.arch.notification.messaging;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;

/** What this service reads of user-service's {@code user.created} event on exchange {@code users}. */
public record UserCreated(
        @NotNull UUID eventId,
        @NotNull @Pattern(regexp = "UserCreated") String eventType,
        @NotNull Instant occurredAt,
        @NotNull UUID userId,
        @NotBlank @Size(max = 255) String name,
        @NotBlank @Size(max = 320) String email) {
}
