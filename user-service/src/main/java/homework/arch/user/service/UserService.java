package homework.arch.user.service;

import homework.arch.infra.problem.ProblemException;
import homework.arch.user.User;
import homework.arch.user.client.BillingAccounts;
import homework.arch.user.messaging.UserEvents;
import homework.arch.user.repository.UserRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.JDBCException;
import org.jboss.logging.Logger;

/**
 * Registers users. The billing account is opened first (idempotently, outside any transaction), and only then are
 * the user row and its UserCreated event committed together: a failure anywhere before that commit leaves nothing
 * behind, and the client's retry of the same request simply runs the same steps again.
 */
@ApplicationScoped
public class UserService {

    private static final Logger LOG = Logger.getLogger(UserService.class);
    private static final String UNIQUE_VIOLATION = "23505";

    private final UserRepository users;
    private final BillingAccounts billing;
    private final UserEvents events;

    public UserService(UserRepository users, BillingAccounts billing, UserEvents events) {
        this.users = users;
        this.billing = billing;
        this.events = events;
    }

    /** The user and whether this call created it (false: an earlier identical registration is returned). */
    public record Registration(User user, boolean created) {
    }

    public Uni<Registration> register(UUID requestedId, String name, String email) {
        UUID id = requestedId != null ? requestedId : UUID.randomUUID();
        return Panache.withSession(() -> earlier(id, name, email))
                .flatMap(earlier -> earlier != null
                        ? Uni.createFrom().item(new Registration(earlier, false))
                        : openAccount(id).flatMap(opened -> insert(id, name, email)));
    }

    public Uni<User> find(UUID id) {
        return Panache.withSession(() -> users.findById(id))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("user_not_found", "No user " + id));
    }

    /** The identical registration made before, or null if there is none; any clash with another one is a 409. */
    private Uni<User> earlier(UUID id, String name, String email) {
        return users.findById(id).flatMap(byId -> {
            if (byId != null) {
                if (!byId.isRegisteredAs(name, email)) {
                    throw ProblemException.conflict("user_exists",
                            "User " + id + " is already registered with a different name or email");
                }
                return Uni.createFrom().item(byId);
            }
            return users.findByEmail(email).map(byEmail -> {
                if (byEmail != null) {
                    throw ProblemException.conflict("email_taken", "Email " + email + " belongs to another user");
                }
                return null;
            });
        });
    }

    private Uni<Void> openAccount(UUID id) {
        return billing.open(id).onFailure().transform(e -> {
            LOG.warnf("Could not open the billing account of user %s: %s", id, e.toString());
            return ProblemException.unavailable("billing_unavailable",
                    "The billing account could not be opened now; nothing was created, retry the same request");
        });
    }

    private Uni<Registration> insert(UUID id, String name, String email) {
        User user = User.register(id, name, email, Instant.now());
        return Panache.withTransaction(() -> users.persistAndFlush(user).flatMap(events::created))
                .map(done -> new Registration(user, true))
                // a concurrent users won the race for the id or the email: answer as if it had come first
                .onFailure(UserService::isUniqueViolation).recoverWithUni(e ->
                        Panache.withSession(() -> earlier(id, name, email)).map(earlier -> {
                            if (earlier == null) {
                                throw new IllegalStateException("Unique violation without a clashing user", e);
                            }
                            return new Registration(earlier, false);
                        }));
    }

    private static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JDBCException jdbc && UNIQUE_VIOLATION.equals(jdbc.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
