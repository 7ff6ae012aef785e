package homework.arch.infra.client;

import homework.arch.infra.auth.BillingCredential;
import jakarta.inject.Singleton;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Sends the service's own credential ({@code billing-client.*}) as HTTP Basic on every call to billing's internal
 * API. The header is encoded once: {@code @ClientBasicAuth} with config expressions looked both values up in the
 * configuration and encoded them again on every request, on the path of every order.
 */
@Singleton
public class BillingBasicAuth implements ClientRequestFilter {

    private final String authorization;

    public BillingBasicAuth(BillingCredential credential) {
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (credential.username() + ":" + credential.password()).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void filter(ClientRequestContext request) {
        request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, authorization);
    }
}
