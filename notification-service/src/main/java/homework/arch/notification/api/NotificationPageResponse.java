package homework.arch.notification.api;

import homework.arch.notification.service.NotificationPage;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record NotificationPageResponse(List<NotificationResponse> items,
        @Schema(nullable = true, description = "pass as cursor to get the next page; null on the last page")
        String nextCursor) {

    static NotificationPageResponse of(NotificationPage page) {
        return new NotificationPageResponse(page.items().stream().map(NotificationResponse::of).toList(),
                page.nextCursor());
    }
}
