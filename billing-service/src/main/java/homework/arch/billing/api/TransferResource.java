package homework.arch.billing.api;

import homework.arch.billing.BillingOperation;
import homework.arch.billing.service.BillingService;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/billing/transfers")
@Tag(name = "Transfers")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class TransferResource {

    private final BillingService billing;

    public TransferResource(BillingService billing) {
        this.billing = billing;
    }

    @POST
    @Operation(summary = "Move money from one user's available funds to another's")
    @APIResponse(responseCode = "201", description = "Transferred; balances of both accounts after it",
            content = @Content(schema = @Schema(implementation = TransactionResponse.class)))
    @APIResponse(responseCode = "400", ref = "Invalid")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    public Uni<Response> transfer(@BeanParam IdempotencyKeyHeader key, @NotNull @Valid Requests.Transfer request) {
        return billing.execute(key.value(),
                new BillingOperation.Transfer(request.fromUserId(), request.toUserId(), request.amount()))
                .map(Replies::toResponse);
    }
}
