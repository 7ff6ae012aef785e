package bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.UUID;

/**
 * Read-only looks into the services' databases for the checks (and their vacuum before a run), and the scratch
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
