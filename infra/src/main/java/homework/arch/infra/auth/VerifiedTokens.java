package homework.arch.infra.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies access tokens, and remembers each verified one for a short while, so that a client's next requests with
 * the same token are authenticated on the event loop without verifying its signature again. A token not seen before
 * is verified off the event loop (fetching the JWK Set may block). A remembered token is forgotten when it expires,
 * and at the latest after {@link AuthConfig.VerifiedTokens#ttl()}: a key withdrawn from the JWK Set stops being
 * trusted within that time. Only the exact token string is remembered, so any change to a token means verifying it.
 * <p>
 * It takes the place of smallrye-jwt's own provider (which would verify every request's token, on a worker thread)
 * and builds the identity as that one does, with the current request's routing context.
 */
@ApplicationScoped
public class VerifiedTokens implements IdentityProvider<TokenAuthenticationRequest> {

    /** Asked before smallrye-jwt's provider (which has the default priority), which it replaces. */
    static final int PRIORITY = SYSTEM_FIRST + 100;

    private final JWTParser parser;
    private final Cache<String, JsonWebToken> verified;

    @Inject
    public VerifiedTokens(JWTParser parser, AuthConfig config) {
        this(parser, config.verifiedTokens(), Ticker.systemTicker());
    }

    VerifiedTokens(JWTParser parser, AuthConfig.VerifiedTokens config, Ticker ticker) {
        this.parser = parser;
        this.verified = Caffeine.newBuilder()
                .maximumSize(config.maxSize())
                .expireAfter(new UntilExpiry(config.ttl()))
                .ticker(ticker)
                .build();
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        JsonWebToken known = verified.getIfPresent(request.getToken().getToken());
        if (known != null) {
            return Uni.createFrom().item(identity(known, request));
        }
        return context.runBlocking(() -> identity(verify(request.getToken().getToken()), request));
    }

    private JsonWebToken verify(String token) {
        try {
            JsonWebToken jwt = parser.parse(token);
            verified.put(token, jwt);
            return jwt;
        } catch (ParseException e) {
            throw new AuthenticationFailedException(e);
        }
    }

    private static SecurityIdentity identity(JsonWebToken jwt, TokenAuthenticationRequest request) {
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(jwt)
                .addCredential(request.getToken())
                .addRoles(jwt.getGroups())
                .addAttribute("quarkus.user", jwt);
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (routing != null) {
            identity.addAttribute(RoutingContext.class.getName(), routing);
        }
        return identity.build();
    }

    /** A verified token is remembered until it expires, but never longer than the time to live. */
    record UntilExpiry(Duration ttl) implements Expiry<String, JsonWebToken> {

        @Override
        public long expireAfterCreate(String token, JsonWebToken jwt, long currentTime) {
            long untilExpiry = jwt.getExpirationTime() * 1_000_000_000L - wallClockNanos();
            return Math.max(0, Math.min(ttl.toNanos(), untilExpiry));
        }

        @Override
        public long expireAfterUpdate(String token, JsonWebToken jwt, long currentTime, long currentDuration) {
            return expireAfterCreate(token, jwt, currentTime);
        }

        @Override
        public long expireAfterRead(String token, JsonWebToken jwt, long currentTime, long currentDuration) {
            return currentDuration;
        }

        private static long wallClockNanos() {
            return System.currentTimeMillis() * 1_000_000L;
        }
    }
}
