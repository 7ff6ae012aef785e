package homework.arch.billing.api;

import homework.arch.infra.idempotency.IdempotencyStore;
import jakarta.ws.rs.HeaderParam;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The optional Idempotency-Key of a money-moving POST; the idempotency store checks its length. */
public class IdempotencyKeyHeader {

    @HeaderParam(IdempotencyStore.KEY_HEADER)
    @Parameter(name = IdempotencyStore.KEY_HEADER, in = ParameterIn.HEADER, required = false,
            schema = @Schema(minLength = 1, maxLength = IdempotencyStore.MAX_KEY_LENGTH),
            description = "Makes the request safe to retry: the same key with the same request is applied once and "
                    + "every repeat gets the first response (status and body, with Idempotency-Replayed: true); the "
                    + "same key with a different request is refused (422 idempotency_key_reused). Keys are kept at "
                    + "least 24 h.")
    String value;

    /** Null when the client sent none. */
    public String value() {
        return value;
    }
}
