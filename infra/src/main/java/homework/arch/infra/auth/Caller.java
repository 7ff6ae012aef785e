package homework.arch.infra.auth;

import homework.arch.infra.problem.ProblemException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The user on whose behalf the current request is made: the subject of its verified access token. The ownership rule
 * of the public API lives here once: a user id a request names must be the caller's own.
 * <p>
 * Only a resource method that requires an authenticated caller ({@code @Authenticated}) may ask; a request whose
 * identity is not a user's access token (a service's credential, for instance) is not a user's request.
 */
@ApplicationScoped
public class Caller {

    private final SecurityIdentity identity;

    public Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The caller's user id. */
    public UUID userId() {
        if (identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
        if (!(identity.getPrincipal() instanceof JsonWebToken token)) {
            throw new AuthenticationFailedException("Not a user's access token");
        }
        try {
            return UUID.fromString(token.getSubject());
        } catch (IllegalArgumentException | NullPointerException notAUserId) {
            throw new AuthenticationFailedException("The token's subject is not a user id");
        }
    }

    /**
     * The service calling an internal operation with its own credential: the credential's user name. Only a resource
     * method that admits services alone ({@code @BasicAuthentication} with {@code @RolesAllowed}) may ask.
     */
    public String serviceName() {
        if (identity.isAnonymous() || identity.getPrincipal() instanceof JsonWebToken) {
            throw new UnauthorizedException();
        }
        return identity.getPrincipal().getName();
    }

    /**
     * The user a request is about: {@code named} if it is the caller, the caller if the request named nobody.
     *
     * @throws ProblemException 403 {@code forbidden} when {@code named} is someone else
     */
    public UUID own(UUID named) {
        UUID caller = userId();
        if (named != null && !named.equals(caller)) {
            throw ProblemException.forbidden("forbidden", "A user may act only on their own account and data");
        }
        return caller;
    }

    /**
     * The namespace of the caller's Idempotency-Keys in {@code service}: one user's key never replays, blocks or
     * reveals another's request.
     */
    public String idempotencyScope(String service) {
        return IdempotencyScopes.ofUser(service, userId());
    }
}
