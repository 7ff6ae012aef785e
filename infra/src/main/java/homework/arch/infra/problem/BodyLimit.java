package homework.arch.infra.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body over {@code quarkus.http.limits.max-body-size} is a 413 problem with code {@code payload_too_large}.
 * Quarkus enforces the limit itself, but with an empty 413 that a client cannot tell from a proxy's; this check runs
 * just before Quarkus' (route order -2), with the same limit, so the client gets the same problem as for any other
 * mistake. It judges the declared Content-Length: the ingress buffers every body and always sends one.
 */
@ApplicationScoped
public class BodyLimit {

    private static final int BEFORE_QUARKUS_LIMIT = -3;

    private final long maxBytes;
    private final String problem;

    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
            MemorySize maxBodySize, ObjectMapper json) throws JsonProcessingException {
        this.maxBytes = maxBodySize.asLongValue();
        this.problem = json.writeValueAsString(Problem.of(413, "payload_too_large", "Payload too large",
                "The body must not be larger than " + maxBytes + " bytes"));
    }

    void register(@Observes Router router) {
        router.route().order(BEFORE_QUARKUS_LIMIT).handler(this::check);
    }

    private void check(RoutingContext context) {
        if (!exceeds(context.request().getHeader(HttpHeaders.CONTENT_LENGTH))) {
            context.next();
            return;
        }
        // The body is never read, so the connection cannot carry another request.
        context.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(problem);
    }

    boolean exceeds(String contentLength) {
        if (contentLength == null) {
            return false;
        }
        String digits = contentLength.trim();
        try {
            return Long.parseLong(digits) > maxBytes;
        } catch (NumberFormatException notALong) {
            // Digits beyond a long are a length beyond any limit; anything else the HTTP codec has refused already.
            return !digits.isEmpty() && digits.chars().allMatch(c -> c >= '0' && c <= '9');
        }
    }
}
