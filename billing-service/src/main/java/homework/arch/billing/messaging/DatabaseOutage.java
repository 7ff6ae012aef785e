package homework.arch.billing.messaging;

import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.List;

/**
 * Tells failures of the database as a whole (unreachable, shutting down, out of connections) from failures of one
 * command. During an outage no command can succeed, so a worker waits for the database instead of handing commands
 * back to the broker, where every delivery counts against the queue's limit and a long outage would dead-letter
 * perfectly good commands.
 */
final class DatabaseOutage {

    // SQLSTATE classes: 08 connection exception, 53 insufficient resources (too many connections), 57P operator
    // intervention (admin or crash shutdown, cannot connect now).
    private static final List<String> OUTAGE_STATES = List.of("08", "53", "57P");

    private DatabaseOutage() {
    }

    static boolean explains(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ClosedConnectionException || cause instanceof ConnectException) {
                return true;
            }
            String state = cause instanceof DatabaseException database ? database.getSqlState()
                    : cause instanceof SQLException sql ? sql.getSQLState() : null;
            if (state != null && OUTAGE_STATES.stream().anyMatch(state::startsWith)) {
                return true;
            }
        }
        return false;
    }
}
