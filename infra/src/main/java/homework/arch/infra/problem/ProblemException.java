package homework.arch.infra.problem;

/**
 * A failure a client caused or must react to, rendered as {@code application/problem+json}. Domain code throws
 * subclasses or instances with its own stable codes; the status is chosen where the rule is, not in the resource.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(int status, String code, String title, String detail) {
        super(code + ": " + detail, null, false, false);
        this.problem = Problem.of(status, code, title, detail);
    }

    public Problem problem() {
        return problem;
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
