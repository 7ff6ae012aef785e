package bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.HashUtil;

/**
 * What verifying one access token costs, measured where no service is needed (the services cannot run without
 * tokens): SmallRye JWT's {@code DefaultJWTParser} — what quarkus-smallrye-jwt verifies every bearer token with —
 * parses and verifies, in a warm loop on one thread, tokens that smallrye-jwt-build signed as user-service signs them
 * (RS256 with a 2048-bit key made here, {@code kid} = the key's RFC 7638 thumbprint; {@code iss}, {@code aud},
 * {@code sub}, {@code iat}, {@code exp}, {@code jti}), finding the key by its {@code kid} in a JWK Set and checking
 * issuer, audience and expiry as the services do. The bench runs this as a JVM of its own, started with
 * order-service's java and JVM options ({@link Authentication}), so that compiler and collector are the services';
 * it prints one JSON object. Not in the figure: Quarkus's HTTP authentication around the parser (reading the header,
 * building the security identity) and fetching the JWK Set (the services cache it).
 */
final class TokenVerification {

    static final String ISSUER = "https://arch.homework/users";
    static final String AUDIENCE = "arch.homework";
    /**
     * Distinct tokens (users) the loop goes round, so that nothing could be answered from a cache. Few, since each
     * costs an RSA signature to make, and that is slow under the services' C1-only compiler.
     */
    private static final int TOKENS = 100;

    private TokenVerification() {
    }

    /** Arguments: warm-up seconds, measured seconds. */
    public static void main(String[] args) throws Exception {
        System.out.println(Json.write(measure(Duration.ofSeconds(Long.parseLong(args[0])),
                Duration.ofSeconds(Long.parseLong(args[1])))));
    }

    static ObjectNode measure(Duration warmUp, Duration duration) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        RsaJsonWebKey jwk = (RsaJsonWebKey) JsonWebKey.Factory.newJwk(keys.getPublic());
        jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint(HashUtil.SHA_256));
        jwk.setUse("sig");
        jwk.setAlgorithm("RS256");

        List<String> tokens = new ArrayList<>(TOKENS);
        List<String> subjects = new ArrayList<>(TOKENS);
        for (int i = 0; i < TOKENS; i++) {
            String subject = UUID.randomUUID().toString();
            Instant now = Instant.now();
            subjects.add(subject);
            // Valid for the whole run: the 15 minutes of user-service's tokens could run out in a long one.
            tokens.add(Jwt.issuer(ISSUER).audience(AUDIENCE).subject(subject).issuedAt(now)
                    .expiresAt(now.plus(warmUp).plus(duration).plus(Duration.ofMinutes(15)))
                    .claim("jti", UUID.randomUUID().toString())
                    .jws().keyId(jwk.getKeyId()).algorithm(SignatureAlgorithm.RS256).sign(keys.getPrivate()));
        }

        JWTAuthContextInfo context = new JWTAuthContextInfo();
        context.setPublicKeyContent(new JsonWebKeySet(jwk).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        context.setIssuedBy(ISSUER);
        context.setExpectedAudience(Set.of(AUDIENCE));
        context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
        DefaultJWTParser parser = new DefaultJWTParser(context);

        verifyFor(parser, tokens, subjects, warmUp);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long processCpu = os.getProcessCpuTime();
        long threadCpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        long verifications = verifyFor(parser, tokens, subjects, duration);
        wall = System.nanoTime() - wall;
        threadCpu = threads.getCurrentThreadCpuTime() - threadCpu;
        processCpu = os.getProcessCpuTime() - processCpu;

        return Json.object()
                .put("verifier", "io.smallrye:smallrye-jwt " + DefaultJWTParser.class.getPackage()
                        .getImplementationVersion() + " DefaultJWTParser.parse: RS256 signature, key by kid from a"
                        + " JWK Set, iss, aud, exp, claims")
                .put("signer", "io.smallrye:smallrye-jwt-build " + Jwt.class.getPackage().getImplementationVersion()
                        + ", RS256, 2048-bit RSA key made for this run, claims as user-service's")
                .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"))
                .put("warmUpSeconds", warmUp.toSeconds())
                .put("seconds", Json.round(wall / 1e9, 2))
                .put("verifications", verifications)
                // The process's CPU: the loop's thread, and the collector and compiler threads it keeps busy.
                .put("cpuMicrosPerVerification", Json.round(processCpu / 1e3 / verifications, 1))
                .put("threadCpuMicrosPerVerification", Json.round(threadCpu / 1e3 / verifications, 1))
                .put("wallMicrosPerVerification", Json.round(wall / 1e3 / verifications, 1))
                .put("tamperedTokenRefused", refused(parser, tampered(tokens.get(0))));
    }

    /** Verifies tokens round and round for the duration; each must name its own subject. Returns how many. */
    private static long verifyFor(DefaultJWTParser parser, List<String> tokens, List<String> subjects,
            Duration duration) throws ParseException {
        long end = System.nanoTime() + duration.toNanos();
        long n = 0;
        while (System.nanoTime() < end) {
            int i = (int) (n % tokens.size());
            if (!parser.parse(tokens.get(i)).getSubject().equals(subjects.get(i))) {
                throw new IllegalStateException("token " + i + " verified with another subject");
            }
            n++;
        }
        return n;
    }

    /** The token with one character of its claims changed: its signature no longer fits. */
    private static String tampered(String token) {
        int at = token.indexOf('.') + 5;
        char c = token.charAt(at);
        return token.substring(0, at) + (c == 'A' ? 'B' : 'A') + token.substring(at + 1);
    }

    /** That the loop verified signatures at all: a tampered token must be refused. */
    private static boolean refused(DefaultJWTParser parser, String token) {
        try {
            parser.parse(token);
            return false;
        } catch (ParseException expected) {
            return true;
        }
    }
}
