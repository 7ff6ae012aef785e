package homework.arch.order.client;

import io.quarkus.rest.client.reactive.ClientBasicAuth;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * billing-service's internal API, as far as order-service uses it. Every call carries order-service's own credential
 * (never a user's token), so a payment is made the same way by the placing request and by the reconciler.
 */
@RegisterRestClient(configKey = "billing")
@Path("/internal/billing")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@ClientBasicAuth(username = "${billing-client.username}", password = "${billing-client.password}")
public interface BillingClient {

    /** Idempotent by orderId: 201 for a new payment, 200 with the same payment when it was made before. */
    @POST
    @Path("/payments")
    Uni<Payment> pay(PaymentRequest request);

    /**
     * 401 and 403 refuse order-service's credential, not the order: a deployment error that must never cancel a
     * user's order, so the order stays PENDING and is paid once the credential is right again.
     */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        int status = response.getStatus();
        if (status == 401 || status == 403) {
            return BillingUnavailable.credentialRefused(status);
        }
        if (status >= 500 || status == 408 || status == 429) {
            return new BillingUnavailable(status);
        }
        return new BillingRejected(status, BillingRejected.codeOf(response));
    }
}
