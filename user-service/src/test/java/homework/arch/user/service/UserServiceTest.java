package homework.arch.user.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import homework.arch.infra.client.BillingUnavailable;
import homework.arch.infra.database.Transactions;
import homework.arch.infra.problem.ProblemException;
import homework.arch.infra.tracing.Traces;
import homework.arch.user.User;
import homework.arch.user.client.BillingAccounts;
import homework.arch.user.config.UsersConfig;
import homework.arch.user.messaging.UserEvents;
import homework.arch.user.repository.UserRepository;
import io.opentelemetry.api.OpenTelemetry;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.LockModeType;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.hibernate.JDBCException;
import org.junit.jupiter.api.Test;

/**
 * The registration workflow's rules, without Quarkus: billing and the event outbox are stubbed, the users live in a
 * map. UserResourceTest and RegistrationTest show the same against PostgreSQL, RabbitMQ and a stubbed billing.
 */
class UserServiceTest {

    private static final String PASSWORD = "correct horse battery";

    private final Map<UUID, User> stored = new HashMap<>();
    private final List<User> createdEvents = new ArrayList<>();
    /** How often the service told the outbox that a transaction with events committed. */
    private int commitsWithEvents;
    private final List<UUID> accountsOpened = new ArrayList<>();
    private Supplier<Uni<Void>> billingAnswers = () -> Uni.createFrom().voidItem();
    /** A registration a concurrent request stores just before this one's insert. */
    private User concurrentWinner;

    private final UserService service = new UserService(new Users(), new Billing(), new Events(), new PlainPasswords(),
            new Config(), Transactions.none(), new Traces(OpenTelemetry.noop()));

    @Test
    void theUserIsActiveOnceBillingOpenedTheAccountAndUserCreatedIsPublishedOnce() {
        UUID id = UUID.randomUUID();

        UserService.Registration registration = register(id, "Ann", "ann@example.com", PASSWORD);

        assertThat(registration.created()).isTrue();
        assertThat(registration.user().isActive()).isTrue();
        assertThat(accountsOpened).containsExactly(id);
        assertThat(createdEvents).containsExactly(registration.user());
        assertThat(commitsWithEvents).as("the relay is woken once the event committed").isEqualTo(1);
    }

    @Test
    void withoutTheAccountTheRegistrationStaysPendingAndItsRetryCompletesIt() {
        UUID id = UUID.randomUUID();
        billingAnswers = () -> Uni.createFrom().failure(new BillingUnavailable(503));

        assertThatThrownBy(() -> register(id, "Bea", "bea@example.com", PASSWORD))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(503);
                    assertThat(e.problem().code()).isEqualTo("billing_unavailable");
                });
        assertThat(stored.get(id).isActive()).isFalse();
        assertThat(createdEvents).isEmpty();
        assertThat(commitsWithEvents).isZero();

        billingAnswers = () -> Uni.createFrom().voidItem();
        UserService.Registration retried = register(id, "Bea", "bea@example.com", PASSWORD);

        assertThat(retried.created()).isTrue();
        assertThat(retried.user().isActive()).isTrue();
        assertThat(createdEvents).hasSize(1);
    }

    @Test
    void anIdenticalRegistrationIsAnsweredWithTheUserWithoutAskingBillingAgain() {
        UUID id = UUID.randomUUID();
        register(id, "Cy", "cy@example.com", PASSWORD);

        UserService.Registration again = register(id, "Cy", "CY@example.com", PASSWORD);

        assertThat(again.created()).isFalse();
        assertThat(accountsOpened).containsExactly(id);
        assertThat(createdEvents).hasSize(1);
    }

    @Test
    void otherDataForATakenIdOrEmailIsAConflict() {
        UUID id = UUID.randomUUID();
        register(id, "Dan", "dan@example.com", PASSWORD);

        assertConflict(() -> register(id, "Dan", "dan@example.com", "another password"), "user_exists");
        assertConflict(() -> register(id, "Dana", "dan@example.com", PASSWORD), "user_exists");
        assertConflict(() -> register(UUID.randomUUID(), "Dan", "dan@example.com", PASSWORD), "email_taken");
        assertConflict(() -> register(null, "Dan", "dan@example.com", PASSWORD), "email_taken");
    }

    @Test
    void aRegistrationThatLosesTheRaceForItsIdGoesOnWithTheIdenticalWinner() {
        UUID id = UUID.randomUUID();
        concurrentWinner = User.register(id, "Eve", "eve@example.com", "hash:" + PASSWORD, Instant.now());

        UserService.Registration registration = register(id, "Eve", "eve@example.com", PASSWORD);

        assertThat(registration.user()).isSameAs(stored.get(id));
        assertThat(registration.user().isActive()).isTrue();
        assertThat(createdEvents).hasSize(1);
    }

    @Test
    void theReconcilerCompletesStalledRegistrationsAndLeavesThoseBillingStillRefuses() {
        billingAnswers = () -> Uni.createFrom().failure(new BillingUnavailable(503));
        UUID first = UUID.randomUUID();
        assertThatThrownBy(() -> register(first, "Fay", "fay@example.com", PASSWORD));
        assertThat(service.completeStalledRegistrations().await().indefinitely()).isZero();

        billingAnswers = () -> Uni.createFrom().voidItem();

        assertThat(service.completeStalledRegistrations().await().indefinitely()).isEqualTo(1);
        assertThat(stored.get(first).isActive()).isTrue();
        assertThat(createdEvents).extracting(User::id).containsExactly(first);
    }

    private UserService.Registration register(UUID id, String name, String email, String password) {
        return service.register(id, name, email, password).await().indefinitely();
    }

    private static void assertConflict(Runnable registration, String code) {
        assertThatThrownBy(registration::run).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.problem().status()).isEqualTo(409);
            assertThat(e.problem().code()).isEqualTo(code);
        });
    }

    private final class Users extends UserRepository {

        @Override
        public Uni<User> findById(UUID id) {
            return Uni.createFrom().item(stored.get(id));
        }

        @Override
        public Uni<User> findById(UUID id, LockModeType lock) {
            return findById(id);
        }

        @Override
        public Uni<User> findByEmail(String email) {
            return Uni.createFrom().item(stored.values().stream()
                    .filter(user -> user.email().equalsIgnoreCase(email)).findFirst().orElse(null));
        }

        @Override
        public Uni<User> persistAndFlush(User user) {
            if (concurrentWinner != null) {
                stored.put(concurrentWinner.id(), concurrentWinner);
                concurrentWinner = null;
                return Uni.createFrom().failure(new JDBCException("insert",
                        new SQLException("duplicate key value violates unique constraint", "23505")));
            }
            stored.put(user.id(), user);
            return Uni.createFrom().item(user);
        }

        @Override
        public Uni<List<User>> pendingSince(Instant before, int limit) {
            return Uni.createFrom().item(stored.values().stream().filter(user -> !user.isActive()).toList());
        }
    }

    private final class Billing extends BillingAccounts {

        Billing() {
            super(null);
        }

        @Override
        public Uni<Void> open(UUID userId) {
            return billingAnswers.get().invoke(() -> accountsOpened.add(userId));
        }
    }

    private final class Events extends UserEvents {

        Events() {
            super(null);
        }

        @Override
        public Uni<Void> created(User user) {
            createdEvents.add(user);
            return Uni.createFrom().voidItem();
        }

        @Override
        public void committed() {
            commitsWithEvents++;
        }
    }

    /** The rules, not bcrypt's cost (the resource tests hash for real). */
    private static final class PlainPasswords extends Passwords {

        PlainPasswords() {
            super(null);
        }

        @Override
        public Uni<String> hash(String password) {
            return Uni.createFrom().item("hash:" + password);
        }

        @Override
        public Uni<Boolean> matches(String password, String hash) {
            return Uni.createFrom().item(("hash:" + password).equals(hash));
        }
    }

    private static final class Config implements UsersConfig {

        @Override
        public Registrations registrations() {
            return new Registrations() {
                @Override
                public String reconcileEvery() {
                    return "off";
                }

                @Override
                public Duration completeAfter() {
                    return Duration.ZERO;
                }

                @Override
                public int batchSize() {
                    return 50;
                }
            };
        }

        @Override
        public Tokens tokens() {
            throw new UnsupportedOperationException("not a registration's concern");
        }

        @Override
        public Login login() {
            throw new UnsupportedOperationException("not a registration's concern");
        }
    }
}
