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

@Path("/billing/payments")
@Tag(name = "Payments", description = "Paying orders, at most once per order")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class PaymentResource {

    private final BillingService billing;
    private final CurrencyUnit currency;

    public PaymentResource(BillingService billing, CurrencyUnit currency) {
        this.billing = billing;
        this.currency = currency;
    }

    @POST
    @Operation(summary = "Pay an order (idempotent by orderId)",
            description = "The answer is a payment either way: SUCCEEDED, or DECLINED with the reason "
                    + "(insufficient_funds, account_not_found). Paying the same order again returns the same payment.")
    @APIResponse(responseCode = "201", description = "Paid or declined just now",
            content = @Content(schema = @Schema(implementation = PaymentResponse.class)))
    @APIResponse(responseCode = "200", description = "The order's existing payment",
            content = @Content(schema = @Schema(implementation = PaymentResponse.class)))
    @APIResponse(responseCode = "400", ref = "Invalid")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    public Uni<Response> pay(@BeanParam IdempotencyKeyHeader key, @NotNull @Valid Requests.Pay request) {
        return billing.execute(key.value(),
                new BillingOperation.Pay(request.orderId(), request.userId(), request.amount()))
                .map(Replies::toResponse);
    }

    @GET
    @Path("/{paymentId}")
    @Operation(summary = "A payment")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PaymentResponse.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<PaymentResponse> get(@PathParam("paymentId") UUID paymentId) {
        return billing.payment(paymentId).map(payment -> PaymentResponse.of(payment, currency));
    }
}
