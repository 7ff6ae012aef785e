package homework.arch.infra.outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The relay's statements on {@code outbox_event}, run in the relay's transaction.
 * <p>
 * The outbox is a queue: it is mostly empty when its statistics are taken (by autovacuum, or by nobody), and plans
 * made from those statistics read the whole table for every claim (seq scan and sort for the oldest rows, and, in a
 * nested loop, once more per claimed row to check its aggregate's older rows). That cost grows with the backlog, so a
 * backlog (a burst, a broker outage) drains ever slower: 200 rows took 0.6 s to claim behind 10,000 others. Every
 * statement here is an index lookup, so {@link #claim} tells the planner that for the rest of the transaction.
 */
public final class OutboxTable {

    private static final String INDEX_LOOKUPS_ONLY = "SET LOCAL enable_seqscan = off";
    // Older rows of the aggregate that another relay holds (or that are not in this batch) make a row wait.
    private static final String CLAIM = """
            WITH claimed AS (
                SELECT id, sequence, aggregatetype, aggregateid, type, payload::text AS payload, timestamp,
                       exchange, routingkey, headers
                FROM outbox_event
                ORDER BY sequence
                LIMIT $1
                FOR UPDATE SKIP LOCKED)
            SELECT c.* FROM claimed c
            WHERE NOT EXISTS (
                SELECT 1 FROM outbox_event o
                WHERE o.aggregatetype = c.aggregatetype AND o.aggregateid = c.aggregateid
                  AND o.sequence < c.sequence
                  AND NOT EXISTS (SELECT 1 FROM claimed k WHERE k.id = o.id))
            ORDER BY c.sequence
            """;
    private static final String DELETE = "DELETE FROM outbox_event WHERE id = ANY($1)";

    private OutboxTable() {
    }

    /**
     * Locks and returns up to {@code limit} of the oldest rows that no other relay holds and that no older row of
     * their aggregate outside this batch holds back, oldest first.
     */
    public static Uni<List<OutboxRow>> claim(SqlConnection connection, int limit) {
        return connection.query(INDEX_LOOKUPS_ONLY).execute()
                .chain(() -> connection.preparedQuery(CLAIM).execute(Tuple.of(limit)))
                .map(result -> {
                    List<OutboxRow> rows = new ArrayList<>(result.size());
                    for (Row row : result) {
                        rows.add(OutboxRow.from(row));
                    }
                    return rows;
                });
    }

    /** Deletes claimed rows once the broker has confirmed them. */
    public static Uni<Void> delete(SqlConnection connection, List<OutboxRow> rows) {
        UUID[] ids = rows.stream().map(OutboxRow::id).toArray(UUID[]::new);
        return connection.preparedQuery(DELETE).execute(Tuple.of(ids)).replaceWithVoid();
    }
}
