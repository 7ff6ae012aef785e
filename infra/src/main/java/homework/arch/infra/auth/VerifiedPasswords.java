package homework.arch.infra.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.quarkus.elytron.security.runtime.ElytronPasswordIdentityProvider;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Checks a calling service's credential (HTTP Basic on internal operations) with the configured users, and remembers
 * the identity of a credential that passed for {@link AuthConfig.VerifiedPasswords#ttl()}: the same few services call
 * again and again, and each is then authenticated on the event loop instead of on a worker thread. A credential is
 * remembered by a digest of its name and password, never by the password itself; one that fails is not remembered.
 * A service without configured users (only billing has them) accepts no password, and this checks none.
 */
@ApplicationScoped
public class VerifiedPasswords implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    /** Null in a service without configured users. */
    private final IdentityProvider<UsernamePasswordAuthenticationRequest> users;
    private final Cache<String, SecurityIdentity> verified;

    @Inject
    public VerifiedPasswords(Instance<ElytronPasswordIdentityProvider> users, AuthConfig config) {
        this(users.isResolvable() ? users.get() : null, config.verifiedPasswords(), Ticker.systemTicker());
    }

    VerifiedPasswords(IdentityProvider<UsernamePasswordAuthenticationRequest> users,
            AuthConfig.VerifiedPasswords config, Ticker ticker) {
        this.users = users;
        this.verified = Caffeine.newBuilder().maximumSize(config.maxSize()).expireAfterWrite(config.ttl())
                .ticker(ticker).build();
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    /** Asked before the users' own provider, which it stands in front of. */
    @Override
    public int priority() {
        return VerifiedTokens.PRIORITY;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        if (users == null) {
            return Uni.createFrom().nullItem();
        }
        String key = digest(request);
        SecurityIdentity known = verified.getIfPresent(key);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return users.authenticate(request, context).invoke(identity -> {
            if (identity != null && !identity.isAnonymous()) {
                verified.put(key, identity);
            }
        });
    }

    private static String digest(UsernamePasswordAuthenticationRequest request) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(request.getUsername().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(StandardCharsets.UTF_8.encode(CharBuffer.wrap(request.getPassword().getPassword())));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
