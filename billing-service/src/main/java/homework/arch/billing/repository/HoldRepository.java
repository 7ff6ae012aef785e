package homework.arch.billing.repository;

import homework.arch.billing.Hold;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.hibernate.reactive.mutiny.Mutiny;

@ApplicationScoped
public class HoldRepository implements PanacheRepositoryBase<Hold, UUID> {

    // SKIP LOCKED: replicas running the expiry job at once take different holds, and a hold being captured right now
    // is left to that capture. Sorted by user so that the accounts are then locked in the global (id) order.
    private static final String LOCK_DUE = """
            SELECT * FROM hold WHERE status = 'HELD' AND expires_at <= ?1
            ORDER BY user_id, id LIMIT ?2 FOR UPDATE SKIP LOCKED
            """;
    private static final String LOCK_OWNERS = "SELECT user_id FROM hold WHERE id IN (%s) ORDER BY id FOR UPDATE";

    /**
     * Locks the existing holds among {@code ids}, in id order, until the transaction ends.
     *
     * @return each locked hold's owner
     */
    public Uni<Set<UUID>> lockOwners(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        String sql = LOCK_OWNERS.formatted(IntStream.rangeClosed(1, ids.size()).mapToObj(i -> "?" + i)
                .collect(Collectors.joining(", ")));
        return Panache.getSession().chain(session -> {
            Mutiny.SelectionQuery<Object> query = session.createNativeQuery(sql, Object.class);
            Rows.bind(query, 1, ids.toArray());
            return query.getResultList();
        }).map(owners -> owners.stream().map(Rows::uuid)
                .collect(Collectors.toSet()));
    }

    /** The hold, locked until the transaction ends; null if there is none. */
    public Uni<Hold> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Up to {@code limit} HELD holds that expired by {@code now}, locked; none that another transaction locked. */
    public Uni<List<Hold>> lockDue(Instant now, int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery(LOCK_DUE, Hold.class)
                .setParameter(1, now)
                .setParameter(2, limit)
                .getResultList());
    }
}
