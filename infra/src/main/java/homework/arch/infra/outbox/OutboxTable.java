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
 * The outbox is a queue: it is mostly empty when its statistics are taken (by autovacuum, or by nobody) and while an
 * idle relay polls it. Plans made for an empty table check each claimed row's aggregate for older rows by reading the
 * whole table once per claimed row (a nested loop), so a backlog (a burst, a broker outage) drains ever slower: a
 * claim of 200 rows behind 10,000 took 0.6 s with such statistics, and 43 s with a plan a connection had cached while
 * polling the empty table (the bench saw ~150 results/s). Without nested loops the check reads the table once per
 * claim whatever the statistics (a hash join: 0.1 s behind 100,000 rows), so {@link #claim} turns them off for the
 * rest of the relay's transaction.
 */
public final class OutboxTable {

    private static final String NO_NESTED_LOOPS = "SET LOCAL enable_nestloop = off";
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
        return connection.query(NO_NESTED_LOOPS).execute()
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
