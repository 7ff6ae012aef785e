package homework.arch.billing.api;

import homework.arch.billing.BillingOperation;
import homework.arch.billing.service.BillingQueries;
import homework.arch.billing.service.OperationExecutor;
import homework.arch.infra.auth.Caller;
import homework.arch.infra.money.CurrencyUnit;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The caller's holds. Another user's hold is answered like a missing one (404 {@code hold_not_found}): its existence
 * is not the caller's to learn.
 */
@Path("/billing/holds")
@Tag(name = "Holds", description = "Funds blocked now and captured (in full or in part) or released later; "
        + "a hold still HELD at its expiry is released automatically")
@Authenticated
@SecurityRequirement(name = "bearer")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class HoldResource {

    private final OperationExecutor operations;
    private final Replies replies;
    private final BillingQueries queries;
    private final CurrencyUnit currency;
    private final Caller caller;

    public HoldResource(OperationExecutor operations, Replies replies, BillingQueries queries,
            CurrencyUnit currency, Caller caller) {
        this.operations = operations;
        this.replies = replies;
        this.queries = queries;
        this.currency = currency;
        this.caller = caller;
    }

    @POST
    @Operation(operationId = "placeHold", summary = "Block funds of the caller's account: available -> held",
            description = "userId may be left out; if given, it must be the caller.")
    @APIResponse(responseCode = "201", description = "HELD",
            content = @Content(schema = @Schema(implementation = HoldResponse.class)))
    @APIResponse(responseCode = "400", ref = "Invalid")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    public Uni<Response> place(@BeanParam IdempotencyKeyHeader key, @NotNull @Valid Requests.PlaceHold request) {
        UUID owner = caller.own(request.userId());
        return operations.execute(Requesters.user(caller), key.value(),
                new BillingOperation.PlaceHold(null, owner, request.amount(), request.expiresInSeconds()),
                replies::render).map(Replies::toResponse);
    }

    @GET
    @Path("/{holdId}")
    @Operation(operationId = "getHold", summary = "One of the caller's holds and its status")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = HoldResponse.class)))
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<HoldResponse> get(@PathParam("holdId") UUID holdId) {
        return queries.hold(holdId, caller.userId()).map(hold -> HoldResponse.of(hold, currency));
    }

    @POST
    @Path("/{holdId}/capture")
    @Operation(operationId = "captureHold",
            summary = "Take the held funds, or part of them (the rest goes back to available)")
    @APIResponse(responseCode = "200", description = "CAPTURED",
            content = @Content(schema = @Schema(implementation = HoldResponse.class)))
    @APIResponse(responseCode = "400", ref = "Invalid")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    public Uni<Response> capture(@PathParam("holdId") UUID holdId, @BeanParam IdempotencyKeyHeader key,
            @Valid Requests.Capture request) {
        // Named as the owner, the caller finds another user's hold "not found".
        return operations.execute(Requesters.user(caller), key.value(), new BillingOperation.CaptureHold(holdId,
                request == null ? null : request.amount(), caller.userId()), replies::render).map(Replies::toResponse);
    }

    @POST
    @Path("/{holdId}/release")
    @Consumes(MediaType.WILDCARD) // no body: a client need not say what it does not send
    @Operation(operationId = "releaseHold", summary = "Give the held funds back to available")
    @APIResponse(responseCode = "200", description = "RELEASED",
            content = @Content(schema = @Schema(implementation = HoldResponse.class)))
    @APIResponse(responseCode = "400", ref = "Invalid")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    public Uni<Response> release(@PathParam("holdId") UUID holdId, @BeanParam IdempotencyKeyHeader key) {
        return operations.execute(Requesters.user(caller), key.value(),
                new BillingOperation.ReleaseHold(holdId, caller.userId()), replies::render).map(Replies::toResponse);
    }
}
