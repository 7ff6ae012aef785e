package homework.arch.billing.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import homework.arch.infra.idempotency.Claim;

/**
 * An operation's answer as HTTP carries it: the status and the exact JSON body (a resource, or a problem for a
 * status of 400 and above). It is rendered once, inside the operation's transaction, and recorded under the
 * operation id, so that every repeat gets these very bytes back.
 *
 * @param replayed  true when this is the recorded answer of an earlier execution
 * @param rejection the problem code of a rejection answered just now (a replay's is in its body); else null
 * @param rendered  what {@code body} was rendered from just now (a replay has only the bytes); else null
 */
public record Reply(int status, String body, boolean replayed, String rejection, Object rendered) {

    static Reply replay(Claim.RecordedResponse recorded) {
        return new Reply(recorded.status(), recorded.body(), true, null, null);
    }

    /**
     * The body as a {@code type}: what it was rendered from if this answer was given just now (a command batch turns
     * hundreds of them into results while its accounts are locked), else read from the recorded bytes.
     * <p>
     * Recorded bytes are read leniently, unlike a request: they may have been recorded by an earlier version of this
     * service (within the retention), whose answer had a field that this version renamed or removed. Such a field is
     * skipped, one this version added is null, and the bytes themselves are replayed unchanged wherever a reply goes.
     */
    public <T> T body(Class<T> type, ObjectMapper mapper) {
        if (type.isInstance(rendered)) {
            return type.cast(rendered);
        }
        try {
            return mapper.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A recorded answer is not a " + type.getSimpleName() + ": " + body, e);
        }
    }

    public boolean isProblem() {
        return status >= 400;
    }
}
