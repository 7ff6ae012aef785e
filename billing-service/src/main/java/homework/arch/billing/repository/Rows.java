package homework.arch.billing.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.TemporalAccessor;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/** Reads the columns of native query rows, whatever Java type the driver chose for them. */
final class Rows {

    private Rows() {
    }

    /** Binds {@code values} to the positional parameters {@code first}, {@code first + 1}, ... */
    static void bind(Mutiny.AbstractQuery query, int first, Object... values) {
        for (int i = 0; i < values.length; i++) {
            query.setParameter(first + i, values[i]);
        }
    }

    static long longAt(Object[] row, int index) {
        return ((Number) row[index]).longValue();
    }

    static UUID uuidAt(Object[] row, int index) {
        return uuid(row[index]);
    }

    static UUID uuid(Object value) {
        return value == null ? null : value instanceof UUID uuid ? uuid : UUID.fromString(value.toString());
    }

    static Instant instantAt(Object[] row, int index) {
        Object value = row[index];
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        return Instant.from((TemporalAccessor) value);
    }
}
