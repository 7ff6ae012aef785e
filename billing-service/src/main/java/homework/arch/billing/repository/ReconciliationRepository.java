package homework.arch.billing.repository;

import homework.arch.billing.Reconciliation;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The reconciliation query. One statement, so every figure comes from the same snapshot while the ledger keeps
 * moving. It reads the whole journal: an operator's tool, not something to run per request. It goes through the
 * plain reactive pool because it runs outside any request's Hibernate session.
 */
@ApplicationScoped
public class ReconciliationRepository {

    private static final String RECONCILE = """
            WITH journal AS (
                SELECT account_id, sum(available_delta) AS available, sum(held_delta) AS held, count(*) AS postings
                FROM posting GROUP BY account_id
            ), holds AS (
                SELECT user_id, sum(amount) AS held FROM hold WHERE status = 'HELD' GROUP BY user_id
            ), users AS (
                SELECT a.user_id, a.available, a.held,
                       a.available = coalesce(j.available, 0) AND a.held = coalesce(j.held, 0)
                           AND a.last_seq = coalesce(j.postings, 0) AS matches_journal,
                       a.held = coalesce(h.held, 0) AS matches_holds
                FROM account a
                LEFT JOIN journal j ON j.account_id = a.user_id
                LEFT JOIN holds h ON h.user_id = a.user_id
                WHERE a.user_id <> '00000000-0000-0000-0000-000000000000'
            ), running AS (
                SELECT seq, available_after, held_after,
                       sum(available_delta) OVER w AS available, sum(held_delta) OVER w AS held,
                       row_number() OVER w AS place
                FROM posting WHERE seq IS NOT NULL
                WINDOW w AS (PARTITION BY account_id ORDER BY seq)
            ), transactions AS (
                SELECT t.id, t.type, t.amount, sum(p.available_delta + p.held_delta) AS total,
                       count(p.account_id) AS postings
                FROM ledger_transaction t LEFT JOIN posting p ON p.transaction_id = t.id
                GROUP BY t.id
            )
            SELECT
                (SELECT count(*) FROM users),
                (SELECT count(*) FROM transactions),
                (SELECT count(*) FROM users WHERE NOT matches_journal),
                (SELECT count(*) FROM users WHERE NOT matches_holds),
                (SELECT count(*) FROM running
                 WHERE available_after <> available OR held_after <> held OR seq <> place),
                (SELECT count(*) FROM transactions WHERE total <> 0),
                (SELECT count(*) FROM transactions WHERE postings = 0),
                (SELECT coalesce(sum(available + held), 0) FROM users),
                (SELECT coalesce(sum(available_delta + held_delta), 0) FROM posting
                 WHERE account_id = '00000000-0000-0000-0000-000000000000'),
                (SELECT coalesce(sum(amount), 0) FROM transactions WHERE type = 'DEPOSIT'),
                (SELECT coalesce(sum(amount), 0) FROM transactions WHERE type IN ('WITHDRAWAL', 'CAPTURE', 'PAYMENT')),
                (SELECT coalesce(string_agg(user_id::text, ','), '') FROM (
                    SELECT user_id FROM users WHERE NOT (matches_journal AND matches_holds) LIMIT 20) sample)
            """;

    private final Pool pool;

    public ReconciliationRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Reconciliation> reconcile() {
        return pool.query(RECONCILE).execute().map(rows -> reconciliation(rows.iterator().next()));
    }

    private static Reconciliation reconciliation(Row row) {
        String sample = row.getString(11);
        List<UUID> mismatched = sample.isEmpty() ? List.of()
                : Arrays.stream(sample.split(",")).map(UUID::fromString).toList();
        return new Reconciliation(row.getLong(0), row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4),
                row.getLong(5), row.getLong(6), row.getBigDecimal(7), row.getBigDecimal(8), row.getBigDecimal(9),
                row.getBigDecimal(10), mismatched);
    }
}
