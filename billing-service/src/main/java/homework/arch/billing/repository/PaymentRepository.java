package homework.arch.billing.repository;

import homework.arch.billing.Movement;
import homework.arch.billing.Payment;
import homework.arch.billing.PaymentStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;

@ApplicationScoped
public class PaymentRepository implements PanacheRepositoryBase<Payment, UUID> {

    // An order's payment whole, in ONE statement: the payment row, and only if it is the order's first and the
    // account covers it, the debit with its journal transaction and postings (the user's and the system account's).
    // Atomic without BEGIN/COMMIT: in autocommit a statement is a transaction of its own, and the deferred checks
    // (the postings balance, the journal's reference to the payment) run when it ends, before its commit.
    // Locks: the account row first (FOR UPDATE, as batches and transfers lock accounts before anything else), then
    // the order's unique index entry. A concurrent payment of the same order waits on the account row until the first
    // one committed, then its insert finds the order's payment and does nothing: no second debit, and no error (it
    // may run inside a transaction that must go on, such as an Idempotency-Key's). A repeat after the commit sees
    // the payment already and locks nothing. The decline reasons are the codes of Rejection.accountNotFound and
    // Rejection.insufficientFunds, the rule of Balance#apply for a debit (PaymentRuleSqlTest pins both to one table;
    // the system account is nobody's account; a debit never reaches the balance limit);
    // account_available_not_negative backs the decision.
    // Parameters: ?1 payment id, ?2 order id, ?3 user id, ?4 amount, ?5 now, ?6 journal transaction id,
    // ?7 transaction type, ?8 operation id, ?9 the system account.
    static final String PAY = """
            WITH acc AS MATERIALIZED (
                SELECT available >= cast(?4 AS bigint) AS covered FROM account
                WHERE user_id = cast(?3 AS uuid) AND user_id <> cast(?9 AS uuid)
                  AND NOT EXISTS (SELECT 1 FROM payment WHERE order_id = cast(?2 AS uuid))
                FOR UPDATE
            ), ins AS (
                INSERT INTO payment (id, order_id, user_id, amount, status, reason, created_at)
                SELECT cast(?1 AS uuid), cast(?2 AS uuid), cast(?3 AS uuid), cast(?4 AS bigint),
                       CASE WHEN acc.covered THEN 'SUCCEEDED' ELSE 'DECLINED' END,
                       CASE WHEN acc.covered IS NULL THEN 'account_not_found'
                            WHEN NOT acc.covered THEN 'insufficient_funds' END,
                       cast(?5 AS timestamptz)
                FROM (VALUES (1)) AS one LEFT JOIN acc ON true
                ON CONFLICT (order_id) DO NOTHING
                RETURNING status, reason
            ), a AS (
                UPDATE account
                SET available = available - cast(?4 AS bigint), last_seq = last_seq + 1,
                    updated_at = cast(?5 AS timestamptz)
                WHERE user_id = cast(?3 AS uuid) AND EXISTS (SELECT 1 FROM ins WHERE status = 'SUCCEEDED')
                RETURNING available, held, last_seq
            ), t AS (
                INSERT INTO ledger_transaction (id, type, amount, user_id, payment_id, operation_id, created_at)
                SELECT cast(?6 AS uuid), cast(?7 AS varchar), cast(?4 AS bigint), cast(?3 AS uuid), cast(?1 AS uuid),
                       cast(?8 AS varchar), cast(?5 AS timestamptz)
                FROM a
            ), p AS (
                INSERT INTO posting
                    (transaction_id, account_id, seq, available_delta, held_delta, available_after, held_after)
                SELECT cast(?6 AS uuid), cast(?3 AS uuid), a.last_seq, -cast(?4 AS bigint), 0, a.available, a.held
                FROM a
                UNION ALL
                SELECT cast(?6 AS uuid), cast(?9 AS uuid), NULL, cast(?4 AS bigint), 0, NULL, NULL
                FROM a
            )
            SELECT status, reason FROM ins
            """;
    // The same statement for the reactive client, which numbers its parameters $1, $2, ...
    private static final String PAY_ALONE = PAY.replaceAll("\\?(\\d+)", "\\$$1");

    private final Pool pool;

    public PaymentRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Records the payment of an order, in the caller's transaction, if the order has none yet: SUCCEEDED with its
     * debit posted when the account covers it, else DECLINED with the reason ({@code attempt} is declined too).
     *
     * @param operationId recorded with the journal transaction; may be null
     * @return {@code attempt} as recorded, or null when the order already had a payment (nothing was written)
     */
    public Uni<Payment> payIfFirst(Payment attempt, String operationId) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(PAY, Object[].class);
            Rows.bind(query, 1, parameters(attempt, operationId));
            return query.getResultList();
        }).map(rows -> rows.isEmpty() ? null : recorded(attempt, (String) rows.get(0)[0], (String) rows.get(0)[1]));
    }

    /**
     * {@link #payIfFirst} outside any transaction and Hibernate session: one statement in autocommit on the reactive
     * client, the one round trip of a payment without an operation id.
     */
    public Uni<Payment> payIfFirstAlone(Payment attempt) {
        return pool.preparedQuery(PAY_ALONE).execute(Tuple.from(Arrays.asList(parameters(attempt, null))))
                .map(rows -> {
                    RowIterator<Row> iterator = rows.iterator();
                    if (!iterator.hasNext()) {
                        return null;
                    }
                    Row row = iterator.next();
                    return recorded(attempt, row.getString(0), row.getString(1));
                });
    }

    static Object[] parameters(Payment attempt, String operationId) {
        Movement debit = attempt.debit();
        return new Object[] {attempt.id(), attempt.orderId(), attempt.userId(), attempt.amount(),
                attempt.createdAt().atOffset(ZoneOffset.UTC), debit.id(), debit.type().name(), operationId,
                Movement.SYSTEM_ACCOUNT};
    }

    private static Payment recorded(Payment attempt, String status, String reason) {
        if (PaymentStatus.valueOf(status) == PaymentStatus.DECLINED) {
            attempt.decline(reason);
        }
        return attempt;
    }

    public Uni<Payment> findByOrder(UUID orderId) {
        return find("orderId", orderId).firstResult();
    }
}
