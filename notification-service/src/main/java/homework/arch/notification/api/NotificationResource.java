package homework.arch.notification.api;

import homework.arch.infra.auth.Caller;
import homework.arch.infra.problem.Problem;
import homework.arch.notification.service.NotificationService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/notifications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "notifications", description = "The letters sent to users about their orders")
@Authenticated
@SecurityRequirement(name = "bearer")
public class NotificationResource {

    static final int DEFAULT_LIMIT = 50;
    private static final String UUID_PATTERN =
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

    private final NotificationService notifications;
    private final Caller caller;

    public NotificationResource(NotificationService notifications, Caller caller) {
        this.notifications = notifications;
        this.caller = caller;
    }

    // Query parameters arrive as text and are validated here: a failed JAX-RS conversion would be a 404.
    @GET
    @Operation(operationId = "listNotifications", summary = "The letters sent to the caller, newest first")
    @APIResponse(responseCode = "200", description = "One page of letters")
    @APIResponse(responseCode = "400", description = "Malformed userId, limit or cursor",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "unauthenticated (no token) or invalid_token",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "403", description = "forbidden: another user's id",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<NotificationPageResponse> list(
            @Parameter(description = "the caller's own user id (the default)")
            @QueryParam("userId") @Pattern(regexp = UUID_PATTERN, message = "must be a UUID") String userId,
            @Parameter(description = "page size, 1 to 500 (default 50)")
            @QueryParam("limit") @Pattern(regexp = "[1-9]|[1-9][0-9]|[1-4][0-9]{2}|500",
                    message = "must be a whole number from 1 to 500") String limit,
            @Parameter(description = "the nextCursor of the previous page")
            @QueryParam("cursor") @Size(min = 1, max = 200) String cursor) {
        UUID owner = caller.own(userId == null ? null : UUID.fromString(userId));
        return notifications.newestFirst(owner,
                        limit == null ? DEFAULT_LIMIT : Integer.parseInt(limit), cursor)
                .map(NotificationPageResponse::of);
    }
}
