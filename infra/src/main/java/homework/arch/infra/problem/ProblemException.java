package homework.arch.infra.problem;

import java.util.Map;

/**
 * A failure a client caused or must react to, rendered as {@code application/problem+json}. Domain code throws
 * subclasses or instances with its own stable codes; the status is chosen where the rule is, not in the resource.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final transient Map<String, String> headers;

    public ProblemException(int status, String code, String title, String detail) {
        this(status, code, title, detail, Map.of());
    }

    private ProblemException(int status, String code, String title, String detail, Map<String, String> headers) {
        super(code + ": " + detail, null, false, false);
        this.problem = Problem.of(status, code, title, detail);
        this.headers = Map.copyOf(headers);
    }

    public Problem problem() {
        return problem;
    }

    /** HTTP headers the answer must carry besides the problem, e.g. {@code WWW-Authenticate} or {@code Retry-After}. */
    public Map<String, String> headers() {
        return headers;
    }

    /** 401: the request lacks valid credentials; {@code challenge} is the {@code WWW-Authenticate} header's value. */
    public static ProblemException unauthorized(String code, String detail, String challenge) {
        return new ProblemException(401, code, "Unauthorized", detail, Map.of("WWW-Authenticate", challenge));
    }

    public static ProblemException forbidden(String code, String detail) {
        return new ProblemException(403, code, "Forbidden", detail);
    }

    /** 429, to be tried again after {@code retryAfterSeconds} at the earliest. */
    public static ProblemException tooManyRequests(String code, String detail, long retryAfterSeconds) {
        return new ProblemException(429, code, "Too many requests", detail,
                Map.of("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))));
    }

    public static ProblemException badRequest(String code, String detail) {
        return new ProblemException(400, code, "Bad request", detail);
    }

    public static ProblemException notFound(String code, String detail) {
        return new ProblemException(404, code, "Not found", detail);
    }

    public static ProblemException conflict(String code, String detail) {
        return new ProblemException(409, code, "Conflict", detail);
    }

    public static ProblemException unprocessable(String code, String detail) {
        return new ProblemException(422, code, "Unprocessable request", detail);
    }

    public static ProblemException unavailable(String code, String detail) {
        return new ProblemException(503, code, "Service unavailable", detail);
    }
}
