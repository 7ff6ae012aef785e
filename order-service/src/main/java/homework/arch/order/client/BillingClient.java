package homework.arch.order.client;

import homework.arch.infra.client.BillingBasicAuth;
import homework.arch.infra.client.BillingErrors;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * billing-service's internal API, as far as order-service uses it. Every call carries order-service's own credential
 * (never a user's token), so a payment is made the same way by the placing request and by the reconciler. A refused
 * credential never cancels a user's order ({@link BillingErrors}): the order stays PENDING and is paid once the
 * credential is right again.
 */
@RegisterRestClient(configKey = "billing")
@RegisterProvider(BillingErrors.class)
@RegisterProvider(BillingBasicAuth.class)
@Path("/internal/billing")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface BillingClient {

    /** Idempotent by orderId: 201 for a new payment, 200 with the same payment when it was made before. */
    @POST
    @Path("/payments")
    Uni<Payment> pay(PaymentRequest request);
}
