package homework.arch.infra.idempotency;

/**
 * The answer to {@link IdempotencyStore#claim}: either the key is now ours and the request must be executed, or an
 * earlier request with the same key and the same content completed and its response must be returned instead.
 */
public record Claim(RecordedResponse recorded) {

    private static final Claim ACQUIRED = new Claim(null);

    public static Claim acquired() {
        return ACQUIRED;
    }

    public static Claim replay(RecordedResponse recorded) {
        return new Claim(recorded);
    }

    public boolean isAcquired() {
        return recorded == null;
    }

    /** The first response, as it was recorded: its status and its body, byte for byte. */
    public record RecordedResponse(int status, String body) {
    }
}
