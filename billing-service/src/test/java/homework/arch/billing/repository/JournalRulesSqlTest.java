package homework.arch.billing.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What the database itself enforces on the journal, whatever the code does: every statement's postings balance per
 * transaction (double entry) and refer to a journal transaction and an account that exist, nothing written is
 * changed, and no account is deleted. Each case runs in a transaction that is rolled back.
 */
@QuarkusTest
class JournalRulesSqlTest {

    private static final UUID SYSTEM = new UUID(0, 0);
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final String POSTINGS = """
            INSERT INTO posting (transaction_id, account_id, seq, available_delta, held_delta, available_after,
                held_after)
            VALUES ($1, $2, 1, $3, 0, 100, 0), ($1, $4, NULL, $5, 0, NULL, NULL),
                   ($6, $2, 2, $7, 0, 100, 0), ($6, $4, NULL, $8, 0, NULL, NULL)
            """;

    @Inject
    Pool pool;

    @Test
    void postingsThatBalanceAreWritten() {
        int written = inRolledBackTransaction(journal -> journal.post(100, -100, 5, -5));

        assertThat(written).isEqualTo(4);
    }

    @Test
    void aStatementWhosePostingsOfOneTransactionDoNotSumToZeroIsRefused() {
        // The first transaction balances, the second does not: the statement as a whole is refused.
        assertThatThrownBy(() -> inRolledBackTransaction(journal -> journal.post(100, -100, 5, -4)))
                .hasMessageContaining("does not balance: its postings sum to 1");
        assertThatThrownBy(() -> inRolledBackTransaction(journal -> journal.post(100, -99, 5, -5)))
                .hasMessageContaining("does not balance: its postings sum to 1");
    }

    @Test
    void postingsWrittenInsideALargerStatementAreCheckedToo() {
        // The shape of the application's own statements: the postings inserted by a data-modifying CTE.
        String statement = "WITH p AS (" + POSTINGS + " RETURNING 1) SELECT count(*) FROM p";
        assertThatThrownBy(() -> inRolledBackTransaction(journal -> journal.post(statement, 100, -100, 7, -5)))
                .hasMessageContaining("does not balance: its postings sum to 2");
    }

    @Test
    void aPostingOfATransactionThatDoesNotExistIsRefused() {
        assertThatThrownBy(() -> inRolledBackTransaction(journal -> new Journal(journal.connection, journal.account,
                journal.first, UUID.randomUUID()).post(100, -100, 5, -5)))
                .hasMessageContaining("refers to ledger transaction")
                .hasMessageContaining("which does not exist")
                .hasFieldOrPropertyWithValue("sqlState", FOREIGN_KEY_VIOLATION);
    }

    @Test
    void aPostingToAnAccountThatDoesNotExistIsRefused() {
        UUID nobody = UUID.randomUUID();
        assertThatThrownBy(() -> inRolledBackTransaction(journal -> new Journal(journal.connection, nobody,
                journal.first, journal.second).post(100, -100, 5, -5)))
                .hasMessageContaining("refers to account " + nobody + ", which does not exist")
                .hasFieldOrPropertyWithValue("sqlState", FOREIGN_KEY_VIOLATION);
    }

    @Test
    void anAccountIsNeverDeleted() {
        assertThatThrownBy(() -> inRolledBackTransaction(journal -> journal.connection
                .preparedQuery("DELETE FROM account WHERE user_id = $1").execute(Tuple.of(journal.account))
                .map(RowSet::rowCount)))
                .hasMessageContaining("accounts are never deleted");
        // In a transaction of its own: a journal transaction just written has deferred checks pending, and
        // PostgreSQL refuses to truncate a table with pending checks before any trigger runs.
        assertThatThrownBy(() -> pool.getConnection().chain(connection -> connection.begin()
                        .chain(transaction -> connection.query("TRUNCATE account CASCADE").execute()
                                .eventually(transaction::rollback))
                        .eventually(connection::close))
                .await().atMost(Duration.ofSeconds(10)))
                .hasMessageContaining("accounts are never deleted: TRUNCATE");
    }

    @Test
    void writtenPostingsCannotBeChanged() {
        assertThatThrownBy(() -> inRolledBackTransaction(journal -> journal.post(100, -100, 5, -5)
                .chain(() -> journal.connection.query("UPDATE posting SET available_delta = 0").execute())
                .map(RowSet::rowCount)))
                .hasMessageContaining("append-only");
    }

    /** An account with two journal transactions, in a transaction of its own. */
    private record Journal(SqlConnection connection, UUID account, UUID first, UUID second) {

        /** Posts two transactions in ONE statement, each to the account and the system account. */
        Uni<Integer> post(long firstToAccount, long firstToSystem, long secondToAccount, long secondToSystem) {
            return post(POSTINGS, firstToAccount, firstToSystem, secondToAccount, secondToSystem);
        }

        /** {@link #post(long, long, long, long)} with a statement that contains {@link #POSTINGS}. */
        Uni<Integer> post(String statement, long firstToAccount, long firstToSystem, long secondToAccount,
                long secondToSystem) {
            return connection.preparedQuery(statement).execute(Tuple.from(new Object[] {first, account,
                    firstToAccount, SYSTEM, firstToSystem, second, secondToAccount, secondToSystem}))
                    .map(RowSet::rowCount);
        }
    }

    private <T> T inRolledBackTransaction(Function<Journal, Uni<T>> work) {
        UUID account = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return pool.getConnection().chain(connection -> connection.begin()
                        .chain(transaction -> connection.preparedQuery("INSERT INTO account (user_id, available, held, "
                                        + "last_seq, created_at, updated_at) VALUES ($1, 100, 0, 2, $2, $2)")
                                .execute(Tuple.of(account, now))
                                .chain(() -> connection.preparedQuery("INSERT INTO ledger_transaction (id, type, "
                                                + "amount, user_id, created_at) VALUES ($1, 'DEPOSIT', 1, $3, $4), "
                                                + "($2, 'DEPOSIT', 1, $3, $4)")
                                        .execute(Tuple.of(first, second, account, now)))
                                .chain(() -> work.apply(new Journal(connection, account, first, second)))
                                .eventually(transaction::rollback))
                        .eventually(connection::close))
                .await().atMost(Duration.ofSeconds(10));
    }
}
