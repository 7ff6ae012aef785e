package homework.arch.infra.correlation;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Passes the current correlation id on to the services this one calls. Quarkus REST Client registers {@code @Provider}
 * filters for every client ({@code quarkus.rest-client.provider-autodiscovery}, on by default), so no client
 * interface needs to name it.
 */
@Provider
public class CorrelationClientFilter implements ClientRequestFilter {

    @Override
    public void filter(ClientRequestContext request) {
        if (request.getHeaderString(CorrelationId.HTTP_HEADER) == null) {
            CorrelationId.current().ifPresent(id -> request.getHeaders().putSingle(CorrelationId.HTTP_HEADER, id));
        }
    }
}
