package homework.arch.user.service;

import homework.arch.infra.problem.ProblemException;
import homework.arch.user.User;
import homework.arch.user.config.UsersConfig;
import homework.arch.user.repository.LoginThrottleRepository;
import homework.arch.user.repository.UserRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.UUID;

/**
 * Logs users in: an email and a password for an access token. An unknown email and a wrong password get the same
 * answer after the same work; repeated failures for one email or one client address are refused for a while.
 */
@ApplicationScoped
public class Logins {

    private final UserRepository users;
    private final LoginThrottleRepository throttle;
    private final Passwords passwords;
    private final AccessTokens tokens;
    private final UsersConfig.Login config;

    public Logins(UserRepository users, LoginThrottleRepository throttle, Passwords passwords, AccessTokens tokens,
            UsersConfig config) {
        this.users = users;
        this.throttle = throttle;
        this.passwords = passwords;
        this.tokens = tokens;
        this.config = config.login();
    }

    /** A logged-in user's token. */
    public record Login(UUID userId, AccessTokens.Issued token) {
    }

    /**
     * @param address the client's address, as the ingress saw it
     * @throws ProblemException 401 {@code invalid_credentials}, 429 {@code too_many_attempts} with Retry-After,
     *                          404 {@code login_disabled} while an external issuer logs users in
     */
    public Uni<Login> login(String email, String password, String address) {
        if (!config.enabled()) {
            return Uni.createFrom().failure(AccessTokens.loginDisabled(
                    "Users log in with the access tokens' issuer; this service's own login is switched off"));
        }
        String bySubject = "email:" + email.toLowerCase(Locale.ROOT);
        String byAddress = "address:" + address;
        return Panache.withSession(() -> throttle.secondsLocked(bySubject, byAddress)
                        .invoke(locked -> {
                            if (locked != null) {
                                throw ProblemException.tooManyRequests("too_many_attempts",
                                        "Too many failed logins; try again later", locked);
                            }
                        })
                        .chain(() -> users.findByEmail(email)))
                .chain(user -> {
                    User active = user != null && user.isActive() ? user : null;
                    return passwords.matches(password, active != null ? active.passwordHash() : null)
                            .chain(matches -> matches
                                    ? Panache.withTransaction(() -> throttle.clear(bySubject))
                                            .map(cleared -> new Login(active.id(), tokens.issue(active.id())))
                                    : Panache.withTransaction(() -> throttle.recordFailure(bySubject,
                                                    config.maxFailures(), config.window(), config.lockout())
                                                    .chain(() -> throttle.recordFailure(byAddress,
                                                            config.maxFailuresPerAddress(), config.window(),
                                                            config.lockout())))
                                            .chain(recorded -> Uni.createFrom().<Login>failure(
                                                    ProblemException.unauthorized("invalid_credentials",
                                                            "The email or the password is wrong", "Bearer"))));
                });
    }
}
