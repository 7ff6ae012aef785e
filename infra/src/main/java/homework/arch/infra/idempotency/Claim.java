package homework.arch.infra.idempotency;

import java.util.Objects;
import java.util.UUID;

/**
 * The answer to {@link IdempotencyStore#claim}: either the key is now ours and the request must be executed (and the
 * claim, named by its {@code id}, completed or abandoned), or an earlier request with the same key and the same content
 * completed and its response must be returned instead.
 *
 * @param id       this claim's id, which only its holder knows; null for a replay
 * @param recorded the earlier request's response; null when the key was acquired
 */
public record Claim(UUID id, RecordedResponse recorded) {

    public Claim {
        if ((id == null) == (recorded == null)) {
            throw new IllegalArgumentException("A claim is either acquired (an id) or a replay (a recorded response)");
        }
    }

    public static Claim acquired(UUID id) {
        return new Claim(Objects.requireNonNull(id), null);
    }

    public static Claim replay(RecordedResponse recorded) {
        return new Claim(null, Objects.requireNonNull(recorded));
    }

    public boolean isAcquired() {
        return id != null;
    }

    /** The first response, as it was recorded: its status and its body, byte for byte. */
    public record RecordedResponse(int status, String body) {
    }
}
