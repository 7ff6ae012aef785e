package homework.arch.user.client;

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
 * billing-service's internal API, as far as user-service uses it: opening accounts is for user-service alone, which
 * proves it with its own credential (HTTP Basic, {@code billing-client.*}), never with a user's token; so registration
 * and the reconciler, which have none, can open accounts.
 */
@RegisterRestClient(configKey = "billing")
@RegisterProvider(BillingErrors.class)
@RegisterProvider(BillingBasicAuth.class)
@Path("/internal/billing")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface BillingClient {

    /** Idempotent: 201 for a new account, 200 with the same account when it already exists. */
    @POST
    @Path("/accounts")
    Uni<Void> openAccount(OpenAccount request);
}
