package homework.arch.user.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of user-service ({@code users.*}). */
@ConfigMapping(prefix = "users")
public interface UsersConfig {

    Registrations registrations();

    Tokens tokens();

    Login login();

    interface Registrations {

        /**
         * How often the reconciler completes registrations whose request stopped before billing opened the account
         * ({@code off} to disable, as the tests do, which run it on demand).
         */
        @WithDefault("30s")
        String reconcileEvery();

        /** How old a pending registration must be before the reconciler completes it: longer than a request lasts. */
        @WithDefault("60s")
        Duration completeAfter();

        /** How many pending registrations one reconciler run completes at most. */
        @WithDefault("50")
        int batchSize();
    }

    /** The access tokens this service signs (RS256 JWTs) and the keys it publishes to verify them. */
    interface Tokens {

        /** The {@code iss} claim; every service expects it ({@code mp.jwt.verify.issuer}). */
        @WithDefault("https://arch.homework/users")
        String issuer();

        /** The {@code aud} claim; every service expects it ({@code mp.jwt.verify.audiences}). */
        @WithDefault("arch.homework")
        String audience();

        /** How long a token is valid: at most 15 minutes. */
        @WithDefault("PT15M")
        Duration lifetime();

        /**
         * The file of the RSA private key that signs tokens (PEM, PKCS#8 or PKCS#1): required while the built-in
         * login is on ({@link Login#enabled()}), not read while it is off.
         */
        Optional<String> signingKeyLocation();

        /**
         * Public keys (PEM) of keys that signed tokens before the current one: published in the JWK Set until the
         * last token they signed has expired, so that rotating the signing key logs nobody out.
         */
        Optional<List<String>> previousPublicKeyLocations();
    }

    /** The built-in login; repeated failed logins for one email or one client address are slowed down. */
    interface Login {

        /**
         * Whether this service logs users in and signs their tokens. Off where an external OpenID Connect issuer
         * (Keycloak, for instance) issues them: then no signing key is loaded, login and the JWK Set answer 404
         * {@code login_disabled}, and every service verifies the issuer's tokens by its {@code mp.jwt.verify.*}
         * settings alone.
         */
        @WithDefault("true")
        boolean enabled();

        /** Failures within {@link #window()} after which logins of that email are refused for a while. */
        @WithDefault("5")
        int maxFailures();

        /** The same for one client address, which many people may share (an office, a mobile network). */
        @WithDefault("50")
        int maxFailuresPerAddress();

        @WithDefault("PT15M")
        Duration window();

        /** How long logins are refused once {@link #maxFailures()} is reached. */
        @WithDefault("PT1M")
        Duration lockout();
    }
}
