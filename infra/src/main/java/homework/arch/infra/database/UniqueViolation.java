package homework.arch.infra.database;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.hibernate.JDBCException;

/**
 * A unique constraint refused an insert: usually a concurrent request stored the same thing first, which the caller
 * then looks up and goes on with instead of failing.
 */
public final class UniqueViolation {

    private static final String UNIQUE_VIOLATION = "23505";

    private UniqueViolation() {
    }

    /** Whether the failure, or anything it wraps, is PostgreSQL's unique_violation as Hibernate reports it. */
    public static boolean explains(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof JDBCException jdbc && UNIQUE_VIOLATION.equals(jdbc.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
