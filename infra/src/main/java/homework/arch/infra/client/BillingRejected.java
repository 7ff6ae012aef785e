package homework.arch.infra.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.ws.rs.core.Response;

/**
 * billing refused the request itself (a 4xx other than 401/403/408/429, e.g. 404 {@code account_not_found}):
 * repeating it cannot help, so it is a final answer. {@code code} is billing's problem code.
 */
public class BillingRejected extends RuntimeException {

    private static final String UNKNOWN = "request_rejected";

    private final String code;

    public BillingRejected(int status, String code) {
        super("billing rejected the request with HTTP " + status + " " + code, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }

    static String codeOf(Response response) {
        try {
            ProblemCode problem = response.readEntity(ProblemCode.class);
            return problem != null && problem.code() != null && !problem.code().isBlank() ? problem.code() : UNKNOWN;
        } catch (RuntimeException notAProblem) {
            return UNKNOWN;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ProblemCode(String code) {
    }
}
