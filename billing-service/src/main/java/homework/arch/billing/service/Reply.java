package homework.arch.billing.service;

import homework.arch.billing.Outcome;
import homework.arch.infra.idempotency.Claim;
import java.util.function.Function;

/**
 * An operation's answer as its edge rendered it: the status and the exact body (a problem for a status of 400 and
 * above). It is rendered once, inside the operation's transaction, and recorded under the operation id, so that every
 * repeat gets these very bytes back.
 *
 * @param replayed true when this is the recorded answer of an earlier execution
 * @param outcome  what the operation did just now; null for a replay, which has only the recorded bytes
 */
public record Reply(int status, String body, boolean replayed, Outcome outcome) {

    static Reply replay(Claim.RecordedResponse recorded) {
        return new Reply(recorded.status(), recorded.body(), true, null);
    }

    static Reply of(Outcome outcome, Function<Outcome, Claim.RecordedResponse> render) {
        Claim.RecordedResponse rendered = render.apply(outcome);
        return new Reply(rendered.status(), rendered.body(), false, outcome);
    }

    public boolean isProblem() {
        return status >= 400;
    }

    /** The problem code of a rejection answered just now (a replay's is in its body); else null. */
    public String rejection() {
        return outcome instanceof Outcome.Rejected rejected ? rejected.rejection().problem().code() : null;
    }
}
