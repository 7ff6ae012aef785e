package homework.arch.billing.service;

import homework.arch.infra.idempotency.Claim;

/**
 * An operation's answer as HTTP carries it: the status and the exact JSON body (a resource, or a problem for a
 * status of 400 and above). It is rendered once, inside the operation's transaction, and recorded under the
 * operation id, so that every repeat gets these very bytes back.
 *
 * @param replayed  true when this is the recorded answer of an earlier execution
 * @param rejection the problem code of a rejection answered just now (a replay's is in its body); else null
 */
public record Reply(int status, String body, boolean replayed, String rejection) {

    static Reply replay(Claim.RecordedResponse recorded) {
        return new Reply(recorded.status(), recorded.body(), true, null);
    }

    public boolean isProblem() {
        return status >= 400;
    }
}
