package homework.arch.user.service;

import homework.arch.infra.correlation.CorrelationId;
import homework.arch.infra.database.Transactions;
import homework.arch.infra.database.UniqueViolation;
import homework.arch.infra.problem.ProblemException;
import homework.arch.infra.tracing.Traces;
import homework.arch.user.User;
import homework.arch.user.client.BillingAccounts;
import homework.arch.user.config.UsersConfig;
import homework.arch.user.messaging.UserEvents;
import homework.arch.user.repository.UserRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Registers users in three steps: the registration is committed PENDING (which takes its id and email), billing opens
 * the account (idempotently, outside any transaction), and the registration becomes ACTIVE together with its
 * UserCreated event. Billing thus never holds an account of a user this service does not know, even when a step
 * fails or a concurrent registration wins the email; a pending registration is invisible, and its retry (or, should
 * the client give up, the {@link RegistrationReconciler}) goes on from where it stopped.
 */
@ApplicationScoped
public class UserService {

    private static final Logger LOG = Logger.getLogger(UserService.class);

    private final UserRepository users;
    private final BillingAccounts billing;
    private final UserEvents events;
    private final Passwords passwords;
    private final UsersConfig.Registrations config;
    private final Transactions transactions;
    private final Traces traces;

    public UserService(UserRepository users, BillingAccounts billing, UserEvents events, Passwords passwords,
            UsersConfig config, Transactions transactions, Traces traces) {
        this.users = users;
        this.billing = billing;
        this.events = events;
        this.passwords = passwords;
        this.config = config.registrations();
        this.transactions = transactions;
        this.traces = traces;
    }

    /** The user and whether this call created it (false: an earlier identical registration is returned). */
    public record Registration(User user, boolean created) {
    }

    /**
     * @param requestedId the id the client chose, or null for a new one
     * @param password    kept only as its hash
     */
    public Uni<Registration> register(UUID requestedId, String name, String email, String password) {
        return reserve(requestedId, name, email, password).flatMap(user -> user.isActive()
                ? Uni.createFrom().item(new Registration(user, false))
                : complete(user.id()));
    }

    public Uni<User> find(UUID id) {
        return transactions.inSession(() -> users.findById(id))
                .map(user -> user != null && user.isActive() ? user : null)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("user_not_found", "No user " + id));
    }

    /**
     * Completes the registrations that have been pending for longer than a request lasts: their request failed after
     * reserving them, and the client did not retry. Safe with any number of replicas running it at once.
     *
     * @return how many were completed
     */
    public Uni<Integer> completeStalledRegistrations() {
        Instant before = Instant.now().minus(config.completeAfter());
        return transactions.inSession(() -> users.pendingSince(before, config.batchSize()))
                .onItem().transformToMulti(pending -> Multi.createFrom().iterable(pending))
                // A trace per registration, so that each one's logs can be told apart.
                .onItem().transformToUniAndConcatenate(user -> traces.inNewTrace("complete registration", () -> {
                    CorrelationId.adopt(null);
                    return complete(user.id()).map(done -> 1).onFailure().recoverWithItem(e -> {
                        LOG.warnf("Registration %s stays pending: %s", user.id(), e.toString());
                        return 0;
                    });
                }))
                .collect().with(Collectors.summingInt(completed -> completed));
    }

    /**
     * The registration this request goes on with: an identical earlier one (pending or active), or a new pending one.
     */
    private Uni<User> reserve(UUID requestedId, String name, String email, String password) {
        UUID id = requestedId != null ? requestedId : UUID.randomUUID();
        return transactions.inSession(() -> earlier(requestedId, id, name, email)).chain(earlier -> earlier != null
                ? samePassword(earlier, password, requestedId)
                : passwords.hash(password)
                        .chain(hash -> transactions.inTransaction(() ->
                                users.persistAndFlush(User.register(id, name, email, hash, Instant.now()))))
                        // a concurrent request won the race for the id or the email: go on with it, or clash with it
                        .onFailure(UniqueViolation::explains).recoverWithUni(e ->
                                transactions.inSession(() -> earlier(requestedId, id, name, email)).chain(winner -> {
                                    if (winner == null) {
                                        throw new IllegalStateException("Unique violation without a clashing user", e);
                                    }
                                    return samePassword(winner, password, requestedId);
                                })));
    }

    /** An earlier registration with the same name and email is this one only if it has the same password too. */
    private Uni<User> samePassword(User earlier, String password, UUID requestedId) {
        return passwords.matches(password, earlier.passwordHash()).map(same -> {
            if (same) {
                return earlier;
            }
            throw earlier.id().equals(requestedId) ? userExists(requestedId) : emailTaken(earlier.email());
        });
    }

    /**
     * The identical registration made before, or null if there is none; any clash with another one is a 409. Without
     * an id, a pending registration of the same name and email is the one a failed request of this client reserved.
     */
    private Uni<User> earlier(UUID requestedId, UUID id, String name, String email) {
        return users.findById(id)
                // Found by its email with this id: committed between the two look-ups, the same registration.
                .flatMap(byId -> byId != null ? Uni.createFrom().item(byId) : users.findByEmail(email))
                .map(found -> {
                    if (found == null) {
                        return null;
                    }
                    if (found.id().equals(id)) {
                        if (!found.isRegisteredAs(name, email)) {
                            throw userExists(id);
                        }
                        return found;
                    }
                    if (requestedId == null && !found.isActive() && found.isRegisteredAs(name, email)) {
                        return found;
                    }
                    throw emailTaken(email);
                });
    }

    private static ProblemException userExists(UUID id) {
        return ProblemException.conflict("user_exists", "User " + id + " is already registered with other data");
    }

    private static ProblemException emailTaken(String email) {
        return ProblemException.conflict("email_taken", "Email " + email + " belongs to another user");
    }

    /** Opens the billing account, then makes the registration a user and publishes UserCreated, once. */
    private Uni<Registration> complete(UUID id) {
        return openAccount(id).flatMap(opened -> transactions.inTransaction(() ->
                users.findById(id, LockModeType.PESSIMISTIC_WRITE).flatMap(user -> user.activate()
                        ? events.created(user).replaceWith(new Registration(user, true))
                        : Uni.createFrom().item(new Registration(user, false)))))
                .invoke(registration -> {
                    if (registration.created()) {
                        events.committed();
                    }
                });
    }

    private Uni<Void> openAccount(UUID id) {
        return billing.open(id).onFailure().transform(e -> {
            LOG.warnf("Could not open the billing account of user %s: %s", id, e.toString());
            return ProblemException.unavailable("billing_unavailable",
                    "The billing account could not be opened now; the user is not registered yet, retry the same "
                            + "request");
        });
    }
}
