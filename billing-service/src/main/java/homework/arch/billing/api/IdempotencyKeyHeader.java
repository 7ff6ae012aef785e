package homework.arch.billing.api;

import homework.arch.infra.idempotency.IdempotencyStore;
import homework.arch.infra.problem.ProblemException;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The optional Idempotency-Key of a money-moving POST; the idempotency store checks its length. */
public class IdempotencyKeyHeader {

    // Declared for the OpenAPI description; the value is read from the raw headers below.
    @HeaderParam(IdempotencyStore.KEY_HEADER)
    @Parameter(name = IdempotencyStore.KEY_HEADER, in = ParameterIn.HEADER, required = false,
            schema = @Schema(minLength = 1, maxLength = IdempotencyStore.MAX_KEY_LENGTH),
            description = "Makes the request safe to retry: the same key with the same request is applied once and "
                    + "every repeat gets the first response (status and body, with Idempotency-Replayed: true); the "
                    + "same key with a different request is refused (422 idempotency_key_reused). Keys are kept at "
                    + "least 24 h.")
    String declared;

    // A header sent empty must be refused, not mistaken for no header, which is what the parameter would make of it.
    @Context
    HttpHeaders headers;

    /** Null when the client sent none. */
    public String value() {
        List<String> values = headers.getRequestHeader(IdempotencyStore.KEY_HEADER);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw ProblemException.badRequest("invalid_idempotency_key",
                    "Send one " + IdempotencyStore.KEY_HEADER + ", not " + values.size());
        }
        return values.get(0);
    }
}
