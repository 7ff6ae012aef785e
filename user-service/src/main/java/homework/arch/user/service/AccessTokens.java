package homework.arch.user.service;

import homework.arch.infra.problem.ProblemException;
import homework.arch.user.config.UsersConfig;
import io.quarkus.runtime.Startup;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.Claims;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;

/**
 * Signs access tokens (RS256 JWTs: {@code iss}, {@code aud}, {@code sub} = the user's id, {@code iat}, {@code exp},
 * {@code jti}; no name, email or password) and publishes the keys that verify them as a JWK Set. The signing key's id
 * ({@code kid}) is its RFC 7638 thumbprint, so every service finds the right key in the set; keys that signed tokens
 * before the current one stay in the set while their tokens may still be valid. While the built-in login is off
 * ({@code users.login.enabled=false}), an external issuer signs the tokens: no key is loaded and none is published.
 */
@ApplicationScoped
@Startup
public class AccessTokens {

    // A PEM block: its label (PRIVATE KEY, RSA PRIVATE KEY, ...) and its base64 content.
    private static final Pattern PEM_BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]*)-----END \\1-----");

    /** The longest a token may live: a stolen one is good for no longer than this. */
    static final Duration MAX_LIFETIME = Duration.ofMinutes(15);

    /** A signed token and how many seconds it is valid for. */
    public record Issued(String token, long expiresIn) {
    }

    /** The key that signs and the JWK Set that verifies what it signs. */
    private record Keys(PrivateKey signingKey, String keyId, String jwks) {
    }

    private final UsersConfig.Tokens config;
    /** Null while the built-in login is off: an external issuer signs the tokens, and this service holds no key. */
    private final Keys keys;

    public AccessTokens(UsersConfig config) {
        this.config = config.tokens();
        Duration lifetime = this.config.lifetime();
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalStateException("users.tokens.lifetime must be positive and at most " + MAX_LIFETIME);
        }
        keys = config.login().enabled() ? load(this.config) : null;
    }

    /** Loaded at start (@Startup): a service that is to sign tokens without a usable key does not start. */
    private static Keys load(UsersConfig.Tokens config) {
        String location = config.signingKeyLocation().orElseThrow(() -> new IllegalStateException(
                "users.tokens.signing-key-location is required while users.login.enabled is true"));
        try {
            PrivateKey signingKey = privateKeyOf(read(location));
            if (!(signingKey instanceof RSAPrivateCrtKey rsa)) {
                throw new IllegalStateException("users.tokens.signing-key-location must name an RSA private key");
            }
            List<JsonWebKey> keys = new ArrayList<>();
            RsaJsonWebKey current = publicJwk(KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent())));
            keys.add(current);
            for (String previous : config.previousPublicKeyLocations().orElse(List.of())) {
                keys.add(publicJwk(KeyUtils.decodePublicKey(read(previous))));
            }
            return new Keys(signingKey, current.getKeyId(),
                    new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        } catch (IOException | GeneralSecurityException | JoseException e) {
            throw new IllegalStateException("Cannot load the token keys: " + e.getMessage(), e);
        }
    }

    /** Only {@link Logins} calls this, and only while the built-in login is on. */
    public Issued issue(UUID userId) {
        if (keys == null) {
            throw new IllegalStateException("The built-in login is off (users.login.enabled=false)");
        }
        Instant now = Instant.now();
        String token = Jwt.issuer(config.issuer())
                .audience(config.audience())
                .subject(userId.toString())
                .issuedAt(now)
                .expiresAt(now.plus(config.lifetime()))
                .claim(Claims.jti.name(), UUID.randomUUID().toString())
                .jws().keyId(keys.keyId()).algorithm(SignatureAlgorithm.RS256)
                .sign(keys.signingKey());
        return new Issued(token, config.lifetime().toSeconds());
    }

    /**
     * The JWK Set of every key whose tokens are valid: public parts only.
     *
     * @throws ProblemException 404 {@code login_disabled} while an external issuer signs the tokens: its keys are
     *                          published by it, not here
     */
    public String jwks() {
        if (keys == null) {
            throw loginDisabled("This service signs no tokens; the access tokens' issuer publishes their keys");
        }
        return keys.jwks();
    }

    /** What the built-in login's endpoints answer while it is off (users.login.enabled=false). */
    static ProblemException loginDisabled(String detail) {
        return ProblemException.notFound("login_disabled", detail);
    }

    /**
     * An RSA private key from its PEM: PKCS#8 (label {@code PRIVATE KEY}, what openssl makes) or PKCS#1 (label
     * {@code RSA PRIVATE KEY}, what Helm's genPrivateKey makes), which is wrapped into PKCS#8 first.
     */
    static PrivateKey privateKeyOf(String pem) throws GeneralSecurityException {
        Matcher block = PEM_BLOCK.matcher(pem);
        if (!block.find() || !block.group(1).equals("RSA PRIVATE KEY")) {
            return KeyUtils.decodePrivateKey(pem);
        }
        byte[] pkcs1 = Base64.getMimeDecoder().decode(block.group(2));
        // PrivateKeyInfo: version 0, algorithm rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters, the key.
        byte[] version = { 0x02, 0x01, 0x00 };
        byte[] rsaEncryption = { 0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
            0x01, 0x01, 0x05, 0x00 };
        byte[] key = der(0x04, pkcs1);
        byte[] info = new byte[version.length + rsaEncryption.length + key.length];
        System.arraycopy(version, 0, info, 0, version.length);
        System.arraycopy(rsaEncryption, 0, info, version.length, rsaEncryption.length);
        System.arraycopy(key, 0, info, version.length + rsaEncryption.length, key.length);
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(0x30, info)));
    }

    /** A DER element: its tag, its length (short or long form) and its content. */
    private static byte[] der(int tag, byte[] content) {
        int length = content.length;
        byte[] lengthBytes;
        if (length < 0x80) {
            lengthBytes = new byte[] { (byte) length };
        } else {
            int octets = length > 0xffff ? 3 : length > 0xff ? 2 : 1;
            lengthBytes = new byte[octets + 1];
            lengthBytes[0] = (byte) (0x80 | octets);
            for (int i = 0; i < octets; i++) {
                lengthBytes[octets - i] = (byte) (length >>> (8 * i));
            }
        }
        byte[] element = new byte[1 + lengthBytes.length + length];
        element[0] = (byte) tag;
        System.arraycopy(lengthBytes, 0, element, 1, lengthBytes.length);
        System.arraycopy(content, 0, element, 1 + lengthBytes.length, length);
        return element;
    }

    private static RsaJsonWebKey publicJwk(PublicKey key) throws JoseException {
        RsaJsonWebKey jwk = (RsaJsonWebKey) JsonWebKey.Factory.newJwk(key);
        jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint(HashUtil.SHA_256));
        jwk.setUse("sig");
        jwk.setAlgorithm("RS256");
        return jwk;
    }

    /** A PEM from a file ({@code file:} prefix optional). */
    private static String read(String location) throws IOException {
        return Files.readString(Path.of(location.startsWith("file:") ? location.substring("file:".length())
                : location));
    }
}
