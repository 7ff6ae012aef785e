package homework.arch.infra.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;

/**
 * An RFC 9457 problem detail. {@code code} is the stable, machine-readable identifier clients branch on;
 * {@code title} and {@code detail} are for humans and may change.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String code, List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://arch.homework/problems/";

    public static Problem of(int status, String code, String title, String detail) {
        return new Problem(URI.create(TYPE_BASE + code), title, status, detail, code, null);
    }

    public Problem withViolations(List<Violation> violations) {
        return new Problem(type, title, status, detail, code, violations);
    }

    public record Violation(String field, String message) {
    }
}
