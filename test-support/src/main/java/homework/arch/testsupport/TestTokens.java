package homework.arch.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Access tokens as user-service signs them, made with the tests' keys (test-support/src/test/resources/keys, which
 * every service's test profile trusts through its jwks.json), and the tokens every service must refuse.
 */
public final class TestTokens {

    public static final String ISSUER = "https://arch.homework/users";
    public static final String AUDIENCE = "arch.homework";
    /** The keys' folder, seen from a module's folder (where its tests and its packaged app under test run). */
    public static final Path KEYS = Path.of("..", "test-support", "src", "test", "resources", "keys");

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestTokens() {
    }

    /** A valid access token of {@code userId}, signed by the current key. */
    public static String of(UUID userId) {
        return sign(claims(userId.toString(), ISSUER, AUDIENCE, Instant.now()), "signing");
    }

    /** The {@code Authorization} header's value for {@code userId}. */
    public static String bearer(UUID userId) {
        return "Bearer " + of(userId);
    }

    /** A valid access token of {@code userId} that expires at {@code expiry} (at most ten minutes from now). */
    public static String expiringAt(UUID userId, Instant expiry) {
        return sign(claims(userId.toString(), ISSUER, AUDIENCE, expiry.minusSeconds(600)), "signing");
    }

    /** A token of {@code userId} signed by the rotated-out key, which still verifies until it expires. */
    public static String ofPreviousKey(UUID userId) {
        return sign(claims(userId.toString(), ISSUER, AUDIENCE, Instant.now()), "previous");
    }

    /**
     * Tokens naming {@code userId} that must get 401 {@code invalid_token}, by what is wrong with them: tampered,
     * unsigned ({@code alg: none}), expired, signed by a key nobody trusts, for another issuer or audience, not a JWT.
     */
    public static Map<String, String> refused(UUID userId) {
        String sub = userId.toString();
        Instant now = Instant.now();
        String good = sign(claims(sub, ISSUER, AUDIENCE, now), "signing");
        String[] parts = good.split("\\.");
        String otherSubject = encode(decode(parts[1]).replace(sub, UUID.randomUUID().toString()));
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("tampered payload", parts[0] + "." + otherSubject + "." + parts[2]);
        refused.put("alg none", encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".");
        refused.put("expired", sign(claims(sub, ISSUER, AUDIENCE, now.minusSeconds(1200)), "signing"));
        refused.put("signed by another key", sign(claims(sub, ISSUER, AUDIENCE, now), "other"));
        refused.put("another issuer", sign(claims(sub, "https://elsewhere.example/users", AUDIENCE, now), "signing"));
        refused.put("another audience", sign(claims(sub, ISSUER, "elsewhere", now), "signing"));
        refused.put("not a JWT", "opaque-token-" + UUID.randomUUID());
        return refused;
    }

    /** The key's id as the tests' JWK Set names it; a key outside the set gets a made-up one. */
    public static String kid(String key) {
        JsonNode keys = jwks().get("keys");
        return switch (key) {
            case "signing" -> keys.get(0).get("kid").asText();
            case "previous" -> keys.get(1).get("kid").asText();
            default -> "unknown-" + key;
        };
    }

    /** A key file of the tests ({@code signing-key.pem}, {@code jwks.json}, ...). */
    public static String file(String name) {
        try {
            return Files.readString(KEYS.resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("The tests' keys are read from " + KEYS.toAbsolutePath(), e);
        }
    }

    private static JsonNode jwks() {
        try {
            return JSON.readTree(file("jwks.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JwtClaimsBuilder claims(String subject, String issuer, String audience, Instant issuedAt) {
        return Jwt.issuer(issuer).audience(audience).subject(subject).issuedAt(issuedAt)
                .expiresAt(issuedAt.plusSeconds(600)).claim("jti", UUID.randomUUID().toString());
    }

    /** @param key signing, previous or other */
    private static String sign(JwtClaimsBuilder claims, String key) {
        try {
            return claims.jws().keyId(kid(key)).algorithm(SignatureAlgorithm.RS256)
                    .sign(KeyUtils.decodePrivateKey(file(key + "-key.pem")));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }
}
