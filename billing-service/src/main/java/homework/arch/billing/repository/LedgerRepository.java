package homework.arch.billing.repository;

import com.fasterxml.jackson.databind.ObjectMapper;
import homework.arch.billing.Balance;
import homework.arch.billing.BalanceChange;
import homework.arch.billing.Movement;
import homework.arch.billing.Position;
import homework.arch.billing.StatementLine;
import homework.arch.billing.TransactionType;
import homework.arch.infra.json.StrictJson;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The append-only journal: written once per movement, read as statements. */
@ApplicationScoped
public class LedgerRepository {

    private final ObjectMapper mapper;

    public LedgerRepository(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    // Transactions and all their postings in one statement, from one JSON parameter (a stable statement for any
    // number of them): one round trip while the account rows are locked.
    private static final String RECORD = """
            WITH e AS (
                SELECT * FROM jsonb_to_recordset(cast(cast(?1 AS text) AS jsonb)) AS e (id uuid, type varchar,
                    amount bigint, user_id uuid, counterparty_id uuid, hold_id uuid, payment_id uuid,
                    operation_id varchar, created_at timestamptz, postings jsonb)
            ), t AS (
                INSERT INTO ledger_transaction
                    (id, type, amount, user_id, counterparty_id, hold_id, payment_id, operation_id, created_at)
                SELECT id, type, amount, user_id, counterparty_id, hold_id, payment_id, operation_id, created_at FROM e
            )
            INSERT INTO posting
                (transaction_id, account_id, seq, available_delta, held_delta, available_after, held_after)
            SELECT e.id, p.account_id, p.seq, p.available_delta, p.held_delta, p.available_after, p.held_after
            FROM e, jsonb_to_recordset(e.postings) AS p (account_id uuid, seq bigint, available_delta bigint,
                held_delta bigint, available_after bigint, held_after bigint)
            """;
    // A one-account movement whole: the balance rule, the account update and the journal in ONE statement, so that
    // the account's row lock is taken in the transaction's last round trip before the commit (in autocommit: held
    // exactly while this statement runs and commits). Nothing is written when the rule says no.
    private static final String POST_ONE_LEG = "WITH a AS (" + AccountRepository.APPLY_IF_ALLOWED + """
            ), t AS (
                INSERT INTO ledger_transaction
                    (id, type, amount, user_id, counterparty_id, hold_id, payment_id, operation_id, created_at)
                SELECT cast(?6 AS uuid), cast(?7 AS varchar), cast(?8 AS bigint), cast(?1 AS uuid), cast(?9 AS uuid),
                       cast(?10 AS uuid), cast(?11 AS uuid), cast(?12 AS varchar), cast(?5 AS timestamptz)
                FROM a
            ), p AS (
                INSERT INTO posting
                    (transaction_id, account_id, seq, available_delta, held_delta, available_after, held_after)
                SELECT cast(?6 AS uuid), cast(?1 AS uuid), a.last_seq, cast(?2 AS bigint), cast(?3 AS bigint),
                       a.available, a.held
                FROM a
                UNION ALL
                SELECT cast(?6 AS uuid), cast(?13 AS uuid), NULL, cast(?14 AS bigint), 0, NULL, NULL
                FROM a WHERE cast(?14 AS bigint) <> 0
            )
            SELECT available, held, last_seq FROM a
            """;
    private static final int PARAMETERS_PER_POSTING = 6;
    private static final String STATEMENT = """
            SELECT p.seq, t.id, t.type, t.amount, p.available_delta, p.held_delta, p.available_after, p.held_after,
                   CASE WHEN t.user_id = ?1 THEN t.counterparty_id ELSE t.user_id END,
                   t.hold_id, t.payment_id, pay.order_id, t.created_at
            FROM posting p
            JOIN ledger_transaction t ON t.id = p.transaction_id
            LEFT JOIN payment pay ON pay.id = t.payment_id
            WHERE p.account_id = ?1 AND p.seq < ?2
            ORDER BY p.seq DESC
            LIMIT ?3
            """;

    /** A movement with the positions of its user accounts after it, as {@link #record} writes it. */
    public record Entry(Movement movement, List<Position> positions, String operationId, Instant at) {
    }

    /**
     * Records {@code movement} with the user accounts' positions after it and the system account's counter-posting.
     *
     * @param operationId the operation's idempotency key, or null
     */
    public Uni<Void> record(Movement movement, List<Position> positions, String operationId, Instant now) {
        return record(List.of(new Entry(movement, positions, operationId, now)));
    }

    /** Records several movements at once (one round trip), as {@link #record(Movement, List, String, Instant)}. */
    public Uni<Void> record(List<Entry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Map<String, Object>> rows = entries.stream().map(LedgerRepository::row).toList();
        String json = StrictJson.write(mapper, rows);
        return Panache.getSession().chain(session -> session.createNativeQuery(RECORD).setParameter(1, json)
                .executeUpdate()).replaceWithVoid();
    }

    private static Map<String, Object> row(Entry entry) {
        Movement movement = entry.movement();
        Map<UUID, Position> after = entry.positions().stream().collect(Collectors.toMap(Position::accountId,
                Function.identity()));
        List<Map<String, Object>> postings = new ArrayList<>();
        for (Movement.Leg leg : movement.legs()) {
            Position position = after.get(leg.accountId());
            postings.add(Map.of("account_id", leg.accountId(), "seq", position.seq(),
                    "available_delta", leg.change().available(), "held_delta", leg.change().held(),
                    "available_after", position.balance().available(), "held_after", position.balance().held()));
        }
        if (movement.systemChange() != 0) {
            postings.add(Map.of("account_id", Movement.SYSTEM_ACCOUNT, "available_delta", movement.systemChange(),
                    "held_delta", 0));
        }
        // HashMap: the columns a movement leaves empty are nulls.
        Map<String, Object> row = new HashMap<>();
        row.put("id", movement.id());
        row.put("type", movement.type().name());
        row.put("amount", movement.amount());
        row.put("user_id", movement.userId());
        row.put("counterparty_id", movement.counterpartyId());
        row.put("hold_id", movement.holdId());
        row.put("payment_id", movement.paymentId());
        row.put("operation_id", entry.operationId());
        row.put("created_at", entry.at().toString());
        row.put("postings", postings);
        return row;
    }

    /**
     * Posts a movement of one user account if the account exists and the change keeps its balance within the rules
     * (see {@link homework.arch.billing.Balance#apply}): the same effect as changing the balance and then
     * {@link #record}ing, in one statement.
     *
     * @param operationId the operation's idempotency key, or null
     * @return the account's position after the movement, or null when nothing was written (no such account, or the
     *         rule said no: the caller finds out which under a lock)
     */
    public Uni<Position> postOneLeg(Movement movement, long maxTotal, String operationId, Instant now) {
        if (movement.legs().size() != 1) {
            throw new IllegalArgumentException("Not a movement of one account: " + movement);
        }
        Movement.Leg leg = movement.legs().get(0);
        return Panache.getSession().chain(session -> {
                    var query = session.createNativeQuery(POST_ONE_LEG, Object[].class);
                    Rows.bind(query, 1, leg.accountId(), leg.change().available(), leg.change().held(), maxTotal, now,
                            movement.id(), movement.type().name(), movement.amount(), movement.counterpartyId(),
                            movement.holdId(), movement.paymentId(), operationId, Movement.SYSTEM_ACCOUNT,
                            movement.systemChange());
                    return query.getResultList();
                })
                .map(rows -> rows.isEmpty() ? null : new Position(leg.accountId(),
                        new Balance(Rows.longAt(rows.get(0), 0), Rows.longAt(rows.get(0), 1)),
                        Rows.longAt(rows.get(0), 2)));
    }

    /** Up to {@code limit} entries of the account's statement older than {@code beforeSeq}, newest first. */
    public Uni<List<StatementLine>> statement(UUID accountId, long beforeSeq, int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery(STATEMENT, Object[].class)
                        .setParameter(1, accountId)
                        .setParameter(2, beforeSeq)
                        .setParameter(3, limit)
                        .getResultList())
                .map(rows -> rows.stream().map(LedgerRepository::line).toList());
    }

    private static StatementLine line(Object[] row) {
        return new StatementLine(Rows.longAt(row, 0), Rows.uuidAt(row, 1), TransactionType.valueOf((String) row[2]),
                Rows.longAt(row, 3), new BalanceChange(Rows.longAt(row, 4), Rows.longAt(row, 5)),
                new Balance(Rows.longAt(row, 6), Rows.longAt(row, 7)), Rows.uuidAt(row, 8), Rows.uuidAt(row, 9),
                Rows.uuidAt(row, 10), Rows.uuidAt(row, 11), Rows.instantAt(row, 12));
    }
}
