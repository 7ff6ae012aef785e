package homework.arch.infra.correlation;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every HTTP request gets a correlation id: the caller's {@code X-Correlation-Id} if it is usable, a new one
 * otherwise. It is put in the logging MDC for the whole request and echoed in the response, also on errors.
 */
public class CorrelationFilters {

    private static final String PROPERTY = CorrelationFilters.class.getName();

    @ServerRequestFilter(preMatching = true)
    public void adopt(ContainerRequestContext request) {
        request.setProperty(PROPERTY, CorrelationId.adopt(request.getHeaderString(CorrelationId.HTTP_HEADER)));
    }

    @ServerResponseFilter
    public void echo(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(PROPERTY);
        if (id != null) {
            response.getHeaders().putSingle(CorrelationId.HTTP_HEADER, id);
        }
    }
}
