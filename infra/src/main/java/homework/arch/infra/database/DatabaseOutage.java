package homework.arch.infra.database;

import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Tells failures of the database as a whole (unreachable, shutting down, out of connections or resources) from
 * failures of one statement. During an outage nothing can succeed and everything may succeed later: a request is
 * answered 503 worth retrying rather than 500, and a queue worker waits for the database rather than handing its
 * messages back to the broker, where each delivery counts against the queue's limit.
 */
public final class DatabaseOutage {

    // SQLSTATE classes: 08 connection exception, 53 insufficient resources (too many connections, disk full, out of
    // memory), 57P operator intervention (admin or crash shutdown, cannot connect now). Every other SQLSTATE is a bug
    // or a conflict of one statement, never "try again later".
    private static final List<String> OUTAGE_STATES = List.of("08", "53", "57P");
    // What the Vert.x SQL pool fails with when it has no connection to give or loses one; these carry no own type (a
    // VertxException, or Vert.x's internal NoStackTraceThrowable: told by their package, not by the internal class).
    private static final Set<String> POOL_MESSAGES = Set.of("Connection was closed", "Connection is closed",
            "Timeout waiting for connection", "Timeout",
            "Pending requests failed to be sent due to connection has been closed.");

    private DatabaseOutage() {
    }

    /**
     * Whether the failure, or anything it wraps (Hibernate Reactive and Mutiny wrap freely), says that the database
     * cannot be reached or refuses work for now: connection refused, reset or closed, pool exhausted, server out of
     * resources, shutting down or starting up.
     */
    public static boolean explains(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof SocketException || t instanceof UnknownHostException
                    || t instanceof ClosedChannelException || t instanceof ClosedConnectionException
                    || t instanceof ConnectionPoolTooBusyException) {
                return true;
            }
            String state = t instanceof DatabaseException database ? database.getSqlState()
                    : t instanceof SQLException sql ? sql.getSQLState() : null;
            if (state != null && OUTAGE_STATES.stream().anyMatch(state::startsWith)) {
                return true;
            }
            if (t.getClass().getName().startsWith("io.vertx.") && POOL_MESSAGES.contains(t.getMessage())) {
                return true;
            }
        }
        return false;
    }
}
