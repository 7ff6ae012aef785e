package homework.arch.infra.outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The relay's statements on {@code outbox_event}, run in the relay's transaction.
 * <p>
 * One relay at a time publishes, whatever the number of instances: the one that holds the table's advisory lock for
 * its transaction ({@link #take}; another takes no rows). It takes the oldest rows, in enqueue order, so each
 * aggregate's events leave in order without the claim having to look for older rows of their aggregates: that join,
 * which concurrent relays needed, was planned from statistics of the empty queue (autovacuum mostly finds it empty,
 * and a pooled connection caches a plan made while the idle relay polled it) and read the whole backlog once per
 * claimed row (200 rows behind 20,000 took 410 s) or, without nested loops, once per claim (1.24 s behind 1,000,000).
 * The claim now reads only the rows it claims, along the sequence index: with sequential scans and sorts off for the
 * transaction no statistics can make a plan that reads more.
 */
public final class OutboxTable {

    // The two-key form: a lock space of its own, apart from the one-key advisory locks the services take. The
    // settings come in the same round trip; local to the transaction, they outlive no claim. The commit need not wait
    // for its flush: a deletion lost in a crash only sends its rows again, which consumers deduplicate.
    private static final String RELAY_LOCK = """
            SELECT pg_try_advisory_xact_lock(cast(cast('outbox_event' AS regclass) AS oid)::int, 0) AS held,
                   set_config('enable_seqscan', 'off', true), set_config('enable_sort', 'off', true),
                   set_config('synchronous_commit', 'off', true)
            """;
    // The claim is the delete: the rows go with the relay's transaction, which commits only once the broker confirmed
    // them, and any failure before that rolls the delete back. One statement instead of a SELECT now and a DELETE
    // after the confirms. RETURNING keeps no order: the caller sorts by sequence. The claimed rows are found again by
    // their ctid (a TID scan, whatever the statistics: a join on id was planned as a nested loop over the whole table
    // from those of the empty outbox); outbox rows are never updated, so a locked row's ctid is where it stays.
    // FOR UPDATE although the advisory lock already keeps other relays of this version out: relays of the version
    // before it, which claimed side by side with SKIP LOCKED and take no advisory lock, may still run during a rolling
    // upgrade; the row locks keep the two from sending the same rows, and from sending an aggregate's out of order.
    private static final String TAKE = """
            DELETE FROM outbox_event
            WHERE ctid = ANY (ARRAY (SELECT ctid FROM outbox_event ORDER BY sequence LIMIT $1 FOR UPDATE))
            RETURNING id, sequence, aggregatetype, aggregateid, type, payload::text AS payload, timestamp,
                      exchange, routingkey, headers
            """;

    private OutboxTable() {
    }

    /**
     * Deletes and returns up to {@code limit} of the oldest rows, oldest first, if no other relay is publishing now;
     * otherwise returns none (that relay drains what there is). The deletion counts only if the transaction commits.
     */
    public static Uni<List<OutboxRow>> take(SqlConnection connection, int limit) {
        return connection.preparedQuery(RELAY_LOCK).execute()
                .chain(lock -> lock.iterator().next().getBoolean("held")
                        ? connection.preparedQuery(TAKE).execute(Tuple.of(limit)).map(OutboxTable::rows)
                        : Uni.createFrom().item(List.<OutboxRow>of()));
    }

    private static List<OutboxRow> rows(RowSet<Row> result) {
        List<OutboxRow> rows = new ArrayList<>(result.size());
        for (Row row : result) {
            rows.add(OutboxRow.from(row));
        }
        rows.sort(Comparator.comparingLong(OutboxRow::sequence));
        return rows;
    }
}
