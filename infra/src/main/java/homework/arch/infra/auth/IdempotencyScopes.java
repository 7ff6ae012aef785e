package homework.arch.infra.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Idempotency keys belong to whoever sent them: a user (by the token's subject), a service (by its credential) or a
 * message sender (by its broker user). Each caller's keys live in a scope of their own, so equal keys of two callers
 * are two different requests.
 */
public final class IdempotencyScopes {

    /** The store's scope column holds at most this many characters. */
    static final int MAX_LENGTH = 64;

    private IdempotencyScopes() {
    }

    public static String ofUser(String service, UUID userId) {
        return scope(service, "user", userId.toString());
    }

    /** A service calling with its own credential (an internal operation). */
    public static String ofService(String service, String callerName) {
        return scope(service, "service", callerName);
    }

    /** A message sender, named by the broker-validated AMQP {@code user_id} (null when the message carried none). */
    public static String ofSender(String service, String brokerUser) {
        return scope(service, "sender", brokerUser == null ? "-" : brokerUser);
    }

    private static String scope(String service, String kind, String name) {
        String scope = service + ":" + kind + ":" + name;
        // A long name is replaced by its digest, which keeps scopes distinct and within the column.
        return scope.length() <= MAX_LENGTH ? scope : service + ":" + kind + "#" + sha256(name).substring(0, 32);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
