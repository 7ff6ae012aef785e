package homework.arch.infra.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How authentication remembers what it verified ({@link VerifiedTokens}, {@link VerifiedPasswords}). */
@ConfigMapping(prefix = "infra.auth")
public interface AuthConfig {

    VerifiedTokens verifiedTokens();

    VerifiedPasswords verifiedPasswords();

    interface VerifiedTokens {

        /**
         * The longest a verified access token is remembered (it is forgotten sooner when it expires): how long a key
         * withdrawn from the JWK Set may still be trusted for a token verified with it. As long as the JWK Set itself
         * is kept ({@code smallrye.jwt.jwks.refresh-interval}), during which a withdrawn key is trusted anyway.
         */
        @WithDefault("5m")
        Duration ttl();

        /** How many verified tokens are remembered at most: one per active client, each a few kilobytes. */
        @WithDefault("5000")
        long maxSize();
    }

    interface VerifiedPasswords {

        /** The longest a service's credential that passed is remembered: how long a changed password may lag. */
        @WithDefault("60s")
        Duration ttl();

        /** How many credentials are remembered at most: one per calling service and password. */
        @WithDefault("100")
        long maxSize();
    }
}
