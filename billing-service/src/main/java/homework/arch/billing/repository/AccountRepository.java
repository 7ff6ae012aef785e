package homework.arch.billing.repository;

import com.fasterxml.jackson.databind.ObjectMapper;
import homework.arch.billing.Account;
import homework.arch.billing.Balance;
import homework.arch.billing.Position;
import homework.arch.infra.json.StrictJson;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Balances change here only (and in {@link LedgerRepository#postOneLeg}, which wraps {@link #APPLY_IF_ALLOWED}),
 * always in one statement per step, so that a hot account's row lock is held for as few round trips as possible. None
 * of these statements touches the system account (see {@link Account}).
 */
@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, UUID> {

    private static final String NOT_SYSTEM = " AND user_id <> '00000000-0000-0000-0000-000000000000'";

    private static final String OPEN = """
            INSERT INTO account (user_id, created_at, updated_at) VALUES (?1, ?2, ?2)
            ON CONFLICT (user_id) DO NOTHING RETURNING *
            """;
    // The same rule as Balance.apply, decided and applied in one statement: no row = not allowed (or no account).
    // Parameters: ?1 user id, ?2 available change, ?3 held change, ?4 largest balance, ?5 now.
    static final String APPLY_IF_ALLOWED = """
            UPDATE account a
            SET available = a.available + c.available, held = a.held + c.held, last_seq = a.last_seq + 1,
                updated_at = c.now
            FROM (SELECT cast(?2 AS bigint) AS available, cast(?3 AS bigint) AS held,
                         cast(?4 AS bigint) AS max_total, cast(?5 AS timestamptz) AS now) c
            WHERE a.user_id = ?1 AND a.available + c.available >= 0 AND a.held + c.held >= 0
              AND (c.available + c.held <= 0 OR a.available + a.held + c.available + c.held <= c.max_total)"""
            + NOT_SYSTEM + """

            RETURNING a.available, a.held, a.last_seq
            """;
    // ORDER BY ... FOR UPDATE locks the rows in id order: two movements over the same accounts never deadlock.
    // The ids as one JSON array: one statement whatever their number.
    private static final String LOCK = """
            SELECT user_id, available, held, last_seq FROM account
            WHERE user_id IN (SELECT cast(jsonb_array_elements_text(cast(cast(?1 AS text) AS jsonb)) AS uuid))"""
            + NOT_SYSTEM + """

            ORDER BY user_id FOR UPDATE
            """;
    private static final String WRITE = """
            UPDATE account a SET available = v.available, held = v.held, last_seq = v.last_seq, updated_at = ?1
            FROM jsonb_to_recordset(cast(cast(?2 AS text) AS jsonb))
                AS v (user_id uuid, available bigint, held bigint, last_seq bigint)
            WHERE a.user_id = v.user_id
            """;

    private final ObjectMapper mapper;

    public AccountRepository(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A user's account; null for unknown users and for the system account. */
    public Uni<Account> findUser(UUID userId) {
        return findById(userId).map(account -> account == null || account.isSystem() ? null : account);
    }

    /** Opens the account; null when it already existed. */
    public Uni<Account> openIfAbsent(UUID userId, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(OPEN, Account.class)
                .setParameter(1, userId)
                .setParameter(2, now)
                .getSingleResultOrNull());
    }

    /** Locks the existing accounts among {@code userIds} until the transaction ends; returns where they stand. */
    public Uni<Map<UUID, Position>> lock(Collection<UUID> userIds) {
        String ids = StrictJson.write(mapper, userIds);
        return Panache.getSession().chain(session -> session.createNativeQuery(LOCK, Object[].class)
                        .setParameter(1, ids)
                        .getResultList())
                .map(rows -> {
                    Map<UUID, Position> positions = new HashMap<>();
                    for (Object[] row : rows) {
                        UUID id = Rows.uuidAt(row, 0);
                        positions.put(id, new Position(id, new Balance(Rows.longAt(row, 1), Rows.longAt(row, 2)),
                                Rows.longAt(row, 3)));
                    }
                    return positions;
                });
    }

    /** Writes positions computed under {@link #lock}, one per account. */
    public Uni<Void> write(Collection<Position> positions, Instant now) {
        if (positions.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String json = StrictJson.write(mapper, positions.stream().map(p -> Map.of("user_id", p.accountId(),
                "available", p.balance().available(), "held", p.balance().held(), "last_seq", p.seq())).toList());
        return Panache.getSession().chain(session -> session.createNativeQuery(WRITE)
                .setParameter(1, now)
                .setParameter(2, json)
                .executeUpdate()).replaceWithVoid();
    }

}
