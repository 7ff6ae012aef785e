package homework.arch.order.repository;

import homework.arch.infra.outbox.OutboxEntry;
import homework.arch.order.Order;
import homework.arch.order.OrderStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.UUID;

/**
 * The writes of placing and settling an order: each ONE statement on the plain reactive SQL client, in autocommit, so
 * an order costs two round trips and two commits and holds its row lock only while the settling statement runs.
 * Concurrent attempts on one order are decided by PostgreSQL (the primary key, the PENDING condition of the update).
 */
@ApplicationScoped
public class OrderStore {

    private static final String COLUMNS = "id, user_id, price, currency, status, reason, created_at, settled_at, "
            + "payment_attempts, next_payment_at";
    // The new order, or the one stored under its id before. The statement's snapshot does not show a row committed
    // while it ran (a concurrent placement of the same id it waited for): then it returns no row.
    private static final String REGISTER = """
            WITH inserted AS (
                INSERT INTO orders (%1$s) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                ON CONFLICT (id) DO NOTHING
                RETURNING %1$s
            )
            SELECT true AS created, %1$s FROM inserted
            UNION ALL
            SELECT false, %1$s FROM orders WHERE id = $1
            """.formatted(COLUMNS);
    // The outcome and its event, both or neither: the event is inserted only if the order was still PENDING. Else
    // the stored order, as the snapshot shows it (still PENDING if a concurrent attempt settled it while this
    // statement waited for its row lock).
    private static final String SETTLE = """
            WITH settled AS (
                UPDATE orders SET status = $2, reason = $3, settled_at = $4, next_payment_at = $5
                WHERE id = $1 AND status = 'PENDING'
                RETURNING %1$s
            ), event AS (
                INSERT INTO outbox_event (%2$s) SELECT %3$s FROM settled
            )
            SELECT true AS settled, %1$s FROM settled
            UNION ALL
            SELECT false, %1$s FROM orders WHERE id = $1 AND NOT EXISTS (SELECT FROM settled)
            """.formatted(COLUMNS, OutboxEntry.COLUMNS, OutboxEntry.values(6));
    private static final String FIND = "SELECT " + COLUMNS + " FROM orders WHERE id = $1";

    private final Pool pool;

    public OrderStore(Pool pool) {
        this.pool = pool;
    }

    /** The stored order, and whether this call stored it (false: one with its id was stored before). */
    public record Registered(Order order, boolean created) {
    }

    /** The stored order, and whether this call settled it (false: it was settled before, with its event). */
    public record Settled(Order order, boolean now) {
    }

    /** Stores a new PENDING order, or returns the order stored under its id before. */
    public Uni<Registered> register(Order order) {
        // A second statement sees what a concurrent placement committed while the first one ran.
        return insertOrFind(order).onItem().ifNull().switchTo(() -> insertOrFind(order))
                .onItem().ifNull().failWith(() -> new IllegalStateException(
                        "Order " + order.id() + " was neither stored nor found"));
    }

    /**
     * Writes the outcome the entity now has and its event, in one statement, if the stored order is still PENDING;
     * otherwise changes nothing and returns the order as another attempt settled it.
     */
    public Uni<Settled> settle(Order settled, OutboxEntry event) {
        Tuple parameters = Tuple.tuple().addUUID(settled.id()).addString(settled.status().name())
                .addString(settled.reason()).addOffsetDateTime(timestamp(settled.settledAt()))
                .addOffsetDateTime(timestamp(settled.nextPaymentAt()));
        return pool.preparedQuery(SETTLE).execute(event.addTo(parameters)).chain(rows -> {
            Row row = first(rows);
            if (row == null) {
                throw new IllegalStateException("Order " + settled.id() + " is not stored");
            }
            Settled result = new Settled(order(row), row.getBoolean("settled"));
            return result.now() || !result.order().isPending() ? Uni.createFrom().item(result)
                    : find(settled.id()).map(stored -> new Settled(stored, false));
        });
    }

    private Uni<Registered> insertOrFind(Order order) {
        Tuple parameters = Tuple.tuple().addUUID(order.id()).addUUID(order.userId())
                .addLong(order.priceInMinorUnits()).addString(order.currency()).addString(order.status().name())
                .addString(order.reason()).addOffsetDateTime(timestamp(order.createdAt()))
                .addOffsetDateTime(timestamp(order.settledAt())).addInteger(order.paymentAttempts())
                .addOffsetDateTime(timestamp(order.nextPaymentAt()));
        return pool.preparedQuery(REGISTER).execute(parameters).map(rows -> {
            Row row = first(rows);
            return row == null ? null : new Registered(order(row), row.getBoolean("created"));
        });
    }

    private Uni<Order> find(UUID id) {
        return pool.preparedQuery(FIND).execute(Tuple.of(id)).map(rows -> order(first(rows)));
    }

    private static Row first(RowSet<Row> rows) {
        Iterator<Row> iterator = rows.iterator();
        return iterator.hasNext() ? iterator.next() : null;
    }

    private static Order order(Row row) {
        return Order.stored(row.getUUID("id"), row.getUUID("user_id"), row.getLong("price"),
                row.getString("currency"), OrderStatus.valueOf(row.getString("status")), row.getString("reason"),
                instant(row.getOffsetDateTime("created_at")), instant(row.getOffsetDateTime("settled_at")),
                row.getInteger("payment_attempts"), instant(row.getOffsetDateTime("next_payment_at")));
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
