package homework.arch.billing.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.hibernate.reactive.mutiny.Mutiny;

/** Transaction-scoped advisory locks on names of things that need not exist as rows yet (operation ids, new holds). */
@ApplicationScoped
public class LockRepository {

    // Sorted in a fenced subquery (OFFSET 0) and locked while the sorted rows are aggregated: every transaction takes
    // its locks in the same global order, so two that lock overlapping sets never wait for each other in a cycle.
    // A hash collision only makes two transactions wait for each other needlessly.
    private static final String LOCK_NAMES = """
            SELECT count(pg_advisory_xact_lock(k)) FROM (
                SELECT DISTINCT hashtextextended(name, 0) AS k FROM (VALUES %s) AS v (name) ORDER BY k OFFSET 0) s
            """;

    /** Locks {@code names} until the transaction ends, waiting for any transaction that holds one of them. */
    public Uni<Void> lockNames(Collection<String> names) {
        if (names.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String values = IntStream.rangeClosed(1, names.size()).mapToObj(i -> "(cast(?" + i + " AS text))")
                .collect(Collectors.joining(", "));
        return Panache.getSession().chain(session -> {
            Mutiny.SelectionQuery<Object> query = session.createNativeQuery(LOCK_NAMES.formatted(values), Object.class);
            Rows.bind(query, 1, names.toArray());
            return query.getSingleResult();
        }).replaceWithVoid();
    }
}
