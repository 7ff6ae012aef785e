package homework.arch.billing.api;

import homework.arch.billing.BillingOperation;
import homework.arch.billing.service.OperationExecutor;
import homework.arch.infra.auth.Caller;
import io.quarkus.security.Authenticated;
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
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/billing/transfers")
@Tag(name = "Transfers", description = "Money moved from the caller's account to another user's")
@Authenticated
@SecurityRequirement(name = "bearer")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class TransferResource {

    private final OperationExecutor operations;
    private final Replies replies;
    private final Caller caller;

    public TransferResource(OperationExecutor operations, Replies replies, Caller caller) {
        this.operations = operations;
        this.replies = replies;
        this.caller = caller;
    }

    @POST
    @Operation(operationId = "transfer",
            summary = "Move money from the caller's available funds to another user's account",
            description = "fromUserId may be left out; if given, it must be the caller. The answer shows the "
                    + "caller's balance only, never the receiver's.")
    @APIResponse(responseCode = "201", description = "Transferred; the caller's balance after it",
            content = @Content(schema = @Schema(implementation = TransactionResponse.class)))
    @APIResponse(responseCode = "400", ref = "Invalid")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    public Uni<Response> transfer(@BeanParam IdempotencyKeyHeader key, @NotNull @Valid Requests.Transfer request) {
        UUID from = caller.own(request.fromUserId());
        return operations.execute(Requesters.user(caller), key.value(),
                new BillingOperation.Transfer(from, request.toUserId(), request.amount()), replies::render)
                .map(Replies::toResponse);
    }
}
