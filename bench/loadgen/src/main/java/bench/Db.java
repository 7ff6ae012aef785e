package bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.UUID;

/**
 * Read-only looks into the services' databases for the checks (and their maintenance during a run), and the scratch
 * database of the baseline, as the local superuser (scripts/ensure-services.sh sets up trust authentication on 127.0.0.1; PGUSER/PGPASSWORD override).
 */
final class Db {

    private final Settings settings;

    Db(Settings settings) {
        this.settings = settings;
    }

    Connection connect(String database) throws SQLException {
        String user = System.getenv().getOrDefault("PGUSER", "postgres");
        String password = System.getenv().getOrDefault("PGPASSWORD", "");
        return DriverManager.getConnection(
                "jdbc:postgresql://" + settings.pgHost() + ":" + settings.pgPort() + "/" + database, user, password);
    }

    /**
     * Runs {@code VACUUM (ANALYZE)} in each service's database, then a {@code CHECKPOINT}; returns the seconds it
     * took. This machine's PostgreSQL runs with autovacuum off (its CI configuration), so the bench does what
     * autovacuum would on a real server: without it, dead rows of earlier runs pile up, and the plans connections
     * cache for the journal's checks stay those made for the empty tables
     * (docs/decisions/0010-bench-analyses-like-autovacuum.md); PostgreSQL drops them when statistics change.
     * Autovacuum spreads its writes (its cost delay); this VACUUM does all of them at once, and the checkpoint writes
     * the pages it dirtied before anything is measured, rather than during the phase that follows
     * (docs/decisions/0031-bench-checkpoints-after-its-vacuum.md).
     */
    double vacuumLikeAutovacuum() throws SQLException {
        long started = System.nanoTime();
        for (Stack.Service service : Stack.SERVICES) {
            try (Connection connection = connect(service.database())) {
                connection.createStatement().execute("VACUUM (ANALYZE)");
            }
        }
        try (Connection connection = connect(Stack.SERVICES.get(0).database())) {
            connection.createStatement().execute("CHECKPOINT");
        }
        return Json.round((System.nanoTime() - started) / 1e9, 1);
    }

    static long scalar(Connection connection, String sql) throws SQLException {
        try (ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A statement with one uuid[] parameter, for "… WHERE user_id = ANY(?)". */
    static PreparedStatement withIds(Connection connection, String sql, Collection<UUID> ids) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
        return statement;
    }
}
