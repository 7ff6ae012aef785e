package homework.arch.billing.api;

import homework.arch.billing.service.BillingQueries;
import homework.arch.infra.auth.Caller;
import homework.arch.infra.money.CurrencyUnit;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Payments of orders as their payer sees them; order-service makes them ({@link InternalResource}). */
@Path("/billing/payments")
@Tag(name = "Payments", description = "Orders paid, at most once per order")
@Authenticated
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class PaymentResource {

    private final BillingQueries queries;
    private final CurrencyUnit currency;
    private final Caller caller;

    public PaymentResource(BillingQueries queries, CurrencyUnit currency, Caller caller) {
        this.queries = queries;
        this.currency = currency;
        this.caller = caller;
    }

    @GET
    @Path("/{paymentId}")
    @Operation(operationId = "getPayment", summary = "One of the caller's payments")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PaymentResponse.class)))
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<PaymentResponse> get(@PathParam("paymentId") UUID paymentId) {
        return queries.payment(paymentId, caller.userId()).map(payment -> PaymentResponse.of(payment, currency));
    }
}
