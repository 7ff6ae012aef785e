package homework.arch.billing.api;

import homework.arch.billing.BillingOperation;
import homework.arch.infra.money.CurrencyUnit;
import homework.arch.billing.service.BillingService;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/billing/holds")
@Tag(name = "Holds", description = "Funds blocked now and captured (in full or in part) or released later; "
        + "a hold still HELD at its expiry is released automatically")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class HoldResource {

    private final BillingService billing;
    private final CurrencyUnit currency;

    public HoldResource(BillingService billing, CurrencyUnit currency) {
        this.billing = billing;
        this.currency = currency;
    }

    @POST
    @Operation(summary = "Block funds: available -> held")
    @APIResponse(responseCode = "201", description = "HELD",
            content = @Content(schema = @Schema(implementation = HoldResponse.class)))
    @APIResponse(responseCode = "400", ref = "Invalid")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    public Uni<Response> place(@BeanParam IdempotencyKeyHeader key, @NotNull @Valid Requests.PlaceHold request) {
        return billing.execute(key.value(), new BillingOperation.PlaceHold(null, request.userId(), request.amount(),
                request.expiresInSeconds())).map(Replies::toResponse);
    }

    @GET
    @Path("/{holdId}")
    @Operation(summary = "A hold and its status")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = HoldResponse.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<HoldResponse> get(@PathParam("holdId") UUID holdId) {
        return billing.hold(holdId).map(hold -> HoldResponse.of(hold, currency));
    }

    @POST
    @Path("/{holdId}/capture")
    @Operation(summary = "Take the held funds, or part of them (the rest goes back to available)")
    @APIResponse(responseCode = "200", description = "CAPTURED",
            content = @Content(schema = @Schema(implementation = HoldResponse.class)))
    @APIResponse(responseCode = "400", ref = "Invalid")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    public Uni<Response> capture(@PathParam("holdId") UUID holdId, @BeanParam IdempotencyKeyHeader key,
            @Valid Requests.Capture request) {
        return billing.execute(key.value(),
                new BillingOperation.CaptureHold(holdId, request == null ? null : request.amount(), null))
                .map(Replies::toResponse);
    }

    @POST
    @Path("/{holdId}/release")
    @Consumes(MediaType.WILDCARD) // no body: a client need not say what it does not send
    @Operation(summary = "Give the held funds back to available")
    @APIResponse(responseCode = "200", description = "RELEASED",
            content = @Content(schema = @Schema(implementation = HoldResponse.class)))
    @APIResponse(responseCode = "400", ref = "Invalid")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    public Uni<Response> release(@PathParam("holdId") UUID holdId, @BeanParam IdempotencyKeyHeader key) {
        return billing.execute(key.value(), new BillingOperation.ReleaseHold(holdId, null)).map(Replies::toResponse);
    }
}
