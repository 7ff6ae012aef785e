package homework.arch.infra.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The rule itself; ProblemMappersTest shows what a request is answered with under it. */
class DatabaseOutageTest {

    @Test
    void anUnreachableFullOrStoppingDatabaseIsAnOutage() {
        assertThat(DatabaseOutage.explains(new PgException(
                "remaining connection slots are reserved", "FATAL", "53300", null))).isTrue();
        assertThat(DatabaseOutage.explains(new PgException("could not extend file", "ERROR", "53100", null))).isTrue();
        assertThat(DatabaseOutage.explains(new PgException("terminating connection", "FATAL", "57P01", null)))
                .isTrue();
        assertThat(DatabaseOutage.explains(new CompletionException(new SQLException("lost", "08006")))).isTrue();
        assertThat(DatabaseOutage.explains(new IllegalStateException(ClosedConnectionException.INSTANCE))).isTrue();
        assertThat(DatabaseOutage.explains(new ConnectException("Connection refused"))).isTrue();
    }

    @Test
    void aFailureOfOneStatementIsNot() {
        assertThat(DatabaseOutage.explains(new PgException("duplicate key", "ERROR", "23505", null))).isFalse();
        assertThat(DatabaseOutage.explains(new PgException("deadlock detected", "ERROR", "40P01", null))).isFalse();
        assertThat(DatabaseOutage.explains(new SQLException("refused by the test", "P0001"))).isFalse();
        assertThat(DatabaseOutage.explains(new IllegalStateException("a bug"))).isFalse();
    }

    @Test
    void thePoolsOwnMessagesCountOnlyOnVertxFailures() {
        assertThat(DatabaseOutage.explains(new CompletionException(
                new VertxException("Timeout waiting for connection")))).isTrue();
        assertThat(DatabaseOutage.explains(new VertxException("Connection is closed"))).isTrue();
        assertThat(DatabaseOutage.explains(new IllegalStateException("Timeout waiting for connection"))).isFalse();
        assertThat(DatabaseOutage.explains(new VertxException("a handler failed"))).isFalse();
    }

    @Test
    void aCauseChainThatLoopsEnds() {
        IllegalStateException first = new IllegalStateException("first");
        IllegalStateException second = new IllegalStateException("second", first);
        first.initCause(second);

        assertThat(DatabaseOutage.explains(first)).isFalse();
    }
}
