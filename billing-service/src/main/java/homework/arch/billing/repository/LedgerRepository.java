package homework.arch.billing.repository;

import homework.arch.billing.Balance;
import homework.arch.billing.BalanceChange;
import homework.arch.billing.Movement;
import homework.arch.billing.Position;
import homework.arch.billing.StatementLine;
import homework.arch.billing.TransactionType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The append-only journal: written once per movement, read as statements. */
@ApplicationScoped
public class LedgerRepository {

    // The transaction and all its postings in one statement: one round trip while the account rows are locked.
    private static final String RECORD = """
            WITH t AS (
                INSERT INTO ledger_transaction
                    (id, type, amount, user_id, counterparty_id, hold_id, payment_id, operation_id, created_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9))
            INSERT INTO posting
                (transaction_id, account_id, seq, available_delta, held_delta, available_after, held_after)
            VALUES %s
            """;
    private static final int FIRST_POSTING_PARAMETER = 10;
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

    /**
     * Records {@code movement} with the user accounts' positions after it and the system account's counter-posting.
     *
     * @param operationId the operation's idempotency key, or null
     */
    public Uni<Void> record(Movement movement, List<Position> positions, String operationId, Instant now) {
        Map<UUID, Position> after = positions.stream().collect(Collectors.toMap(Position::accountId,
                Function.identity()));
        List<Object> postings = new ArrayList<>();
        for (Movement.Leg leg : movement.legs()) {
            Position position = after.get(leg.accountId());
            postings.addAll(List.of(leg.accountId(), position.seq(), leg.change().available(), leg.change().held(),
                    position.balance().available(), position.balance().held()));
        }
        boolean systemPosting = movement.systemChange() != 0;
        StringBuilder values = new StringBuilder();
        int rows = movement.legs().size() + (systemPosting ? 1 : 0);
        for (int row = 0; row < rows; row++) {
            int p = FIRST_POSTING_PARAMETER + row * PARAMETERS_PER_POSTING;
            boolean system = row == movement.legs().size();
            values.append(row == 0 ? "" : ", ").append(system
                    ? "(?1, ?%d, NULL, ?%d, 0, NULL, NULL)".formatted(p, p + 1)
                    : "(?1, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d)".formatted(p, p + 1, p + 2, p + 3, p + 4, p + 5));
        }
        if (systemPosting) {
            postings.addAll(List.of(Movement.SYSTEM_ACCOUNT, movement.systemChange()));
        }
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(RECORD.formatted(values));
            Rows.bind(query, 1, movement.id(), movement.type().name(), movement.amount(), movement.userId(),
                    movement.counterpartyId(), movement.holdId(), movement.paymentId(), operationId, now);
            Rows.bind(query, FIRST_POSTING_PARAMETER, postings.toArray());
            return query.executeUpdate();
        }).replaceWithVoid();
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
