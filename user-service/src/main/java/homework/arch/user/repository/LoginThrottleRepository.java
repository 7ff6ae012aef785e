package homework.arch.user.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** Failed logins per subject (table {@code login_throttle}); times are the database's, so replicas agree. */
@ApplicationScoped
public class LoginThrottleRepository {

    private static final String SECONDS_LOCKED = """
            SELECT cast(ceil(extract(epoch FROM max(locked_until) - now())) AS bigint) FROM login_throttle
            WHERE subject IN (?1, ?2) AND locked_until > now()
            """;
    // A failure after the window has passed starts a new window; reaching the limit locks the subject.
    private static final String RECORD_FAILURE = """
            INSERT INTO login_throttle AS t (subject, failures, window_ends_at, locked_until)
            VALUES (?1, 1, now() + cast(cast(?2 AS text) AS interval),
                    CASE WHEN ?3 <= 1 THEN now() + cast(cast(?4 AS text) AS interval) END)
            ON CONFLICT (subject) DO UPDATE SET
                failures = CASE WHEN t.window_ends_at <= now() THEN 1 ELSE t.failures + 1 END,
                window_ends_at = CASE WHEN t.window_ends_at <= now() THEN excluded.window_ends_at
                                      ELSE t.window_ends_at END,
                locked_until = CASE WHEN (CASE WHEN t.window_ends_at <= now() THEN 1 ELSE t.failures + 1 END) >= ?3
                                    THEN now() + cast(cast(?4 AS text) AS interval) ELSE t.locked_until END
            """;
    private static final String CLEAR = "DELETE FROM login_throttle WHERE subject = ?1";

    /** How many seconds logins of either subject are still refused; null if neither is locked. */
    public Uni<Long> secondsLocked(String subject, String otherSubject) {
        return Panache.getSession().chain(session -> session.createNativeQuery(SECONDS_LOCKED, Long.class)
                .setParameter(1, subject)
                .setParameter(2, otherSubject)
                .getSingleResultOrNull());
    }

    /** Counts a failure against {@code subject}, locking it for {@code lockout} once it reaches {@code maxFailures}. */
    public Uni<Void> recordFailure(String subject, int maxFailures, Duration window, Duration lockout) {
        return Panache.getSession().chain(session -> session.createNativeQuery(RECORD_FAILURE)
                .setParameter(1, subject)
                .setParameter(2, window.toString())
                .setParameter(3, maxFailures)
                .setParameter(4, lockout.toString())
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<Void> clear(String subject) {
        return Panache.getSession().chain(session -> session.createNativeQuery(CLEAR)
                .setParameter(1, subject).executeUpdate()).replaceWithVoid();
    }
}
