package homework.arch.order.client;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** billing-service's REST API, as far as order-service uses it. */
@RegisterRestClient(configKey = "billing")
@Path("/billing")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface BillingClient {

    /** Idempotent by orderId: 201 for a new payment, 200 with the same payment when it was made before. */
    @POST
    @Path("/payments")
    Uni<Payment> pay(PaymentRequest request);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        int status = response.getStatus();
        if (status >= 500 || status == 408 || status == 429) {
            return new BillingUnavailable(status);
        }
        return new BillingRejected(status, BillingRejected.codeOf(response));
    }
}
