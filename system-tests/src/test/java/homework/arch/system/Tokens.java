package homework.arch.system;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The access tokens of the users a test registered, as a client keeps them: got by logging in, used until shortly
 * before they expire, then got again. A test that runs longer than a token lives (the reliability rounds) goes on.
 */
final class Tokens {

    /** The login a test does: the user's email and password in, the answer's accessToken and expiresIn out. */
    interface Login {
        Issued logIn(String email, String password);
    }

    record Issued(String accessToken, long expiresInSeconds) {
    }

    private record Held(String accessToken, Instant renewAfter) {
    }

    private static final Duration MARGIN = Duration.ofSeconds(60);

    private final Login login;
    private final Map<UUID, String> emails = new ConcurrentHashMap<>();
    private final Map<UUID, Held> held = new ConcurrentHashMap<>();

    Tokens(Login login) {
        this.login = login;
    }

    void registered(UUID userId, String email) {
        emails.put(userId, email);
    }

    /** The {@code Authorization} header's value for the user (registered through {@link #registered}). */
    String bearer(UUID userId) {
        return "Bearer " + token(userId);
    }

    String token(UUID userId) {
        Held current = held.get(userId);
        if (current != null && Instant.now().isBefore(current.renewAfter())) {
            return current.accessToken();
        }
        String email = emails.get(userId);
        if (email == null) {
            throw new IllegalStateException("No token for " + userId + ": not a user this test registered");
        }
        Issued issued = login.logIn(email, Api.PASSWORD);
        Held renewed = new Held(issued.accessToken(),
                Instant.now().plusSeconds(issued.expiresInSeconds()).minus(MARGIN));
        held.put(userId, renewed);
        return renewed.accessToken();
    }
}
