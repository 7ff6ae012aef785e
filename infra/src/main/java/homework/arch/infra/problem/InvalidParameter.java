package homework.arch.infra.problem;

import java.util.List;

/**
 * A path, query or header parameter that bean validation cannot check (it arrives as text): a 400 like any other
 * invalid field, naming the parameter.
 */
public class InvalidParameter extends ProblemException {

    private final transient Problem problem;

    public InvalidParameter(String code, String field, String message) {
        super(400, code, "Invalid parameter", field + " " + message);
        this.problem = super.problem().withViolations(List.of(new Problem.Violation(field, message)));
    }

    @Override
    public Problem problem() {
        return problem;
    }
}
