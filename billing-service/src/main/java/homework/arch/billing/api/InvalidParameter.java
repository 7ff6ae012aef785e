package homework.arch.billing.api;

import homework.arch.infra.problem.Problem;
import homework.arch.infra.problem.ProblemException;
import java.util.List;

/** A query parameter that bean validation cannot check (it arrives as text): a 400 like any other invalid field. */
class InvalidParameter extends ProblemException {

    private final transient Problem problem;

    InvalidParameter(String code, String field, String message) {
        super(400, code, "Invalid parameter", field + " " + message);
        this.problem = super.problem().withViolations(List.of(new Problem.Violation(field, message)));
    }

    @Override
    public Problem problem() {
        return problem;
    }
}
