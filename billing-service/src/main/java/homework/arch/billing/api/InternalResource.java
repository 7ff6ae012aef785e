package homework.arch.billing.api;

import homework.arch.billing.BillingOperation;
import homework.arch.billing.service.OperationExecutor;
import homework.arch.infra.auth.Caller;
import io.quarkus.vertx.http.runtime.security.annotation.BasicAuthentication;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
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

/**
 * The operations only other services of the suite may call, each with its own credential (HTTP Basic, the embedded
 * users of application.properties): user-service opens accounts, order-service pays orders. Not routed by the
 * ingress and absent from the public API document; a user's access token is no credential here.
 */
@Path("/internal/billing")
@BasicAuthentication
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class InternalResource {

    private final OperationExecutor operations;
    private final Replies replies;
    private final Caller caller;

    public InternalResource(OperationExecutor operations, Replies replies, Caller caller) {
        this.operations = operations;
        this.replies = replies;
        this.caller = caller;
    }

    /** Opens a user's account: 201 with the account, or 200 with the same account when it already existed. */
    @POST
    @Path("/accounts")
    @RolesAllowed("open-accounts")
    @Operation(hidden = true)
    public Uni<Response> open(@BeanParam IdempotencyKeyHeader key, @NotNull @Valid Requests.OpenAccount request) {
        return operations.execute(Requesters.service(caller), key.value(),
                new BillingOperation.OpenAccount(request.userId()), replies::render).map(Replies::toResponse);
    }

    /**
     * Pays an order, idempotent by orderId: 201 with a payment SUCCEEDED, or DECLINED with the reason
     * (insufficient_funds, account_not_found); 200 with the order's existing payment on a repeat.
     */
    @POST
    @Path("/payments")
    @RolesAllowed("pay-orders")
    @Operation(hidden = true)
    public Uni<Response> pay(@BeanParam IdempotencyKeyHeader key, @NotNull @Valid Requests.Pay request) {
        return operations.execute(Requesters.service(caller), key.value(),
                new BillingOperation.Pay(request.orderId(), request.userId(), request.amount()), replies::render)
                .map(Replies::toResponse);
    }
}
