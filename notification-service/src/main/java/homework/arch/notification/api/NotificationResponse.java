package homework.arch.notification.api;

import homework.arch.notification.Notification;
import homework.arch.notification.NotificationType;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record NotificationResponse(UUID id, UUID userId,
        @Schema(nullable = true, description = "null until the user is known to this service") String email,
        UUID orderId, NotificationType type, String subject, String body, Instant createdAt) {

    static NotificationResponse of(Notification letter) {
        return new NotificationResponse(letter.id(), letter.userId(), letter.email(), letter.orderId(), letter.type(),
                letter.subject(), letter.body(), letter.createdAt());
    }
}
