package homework.arch.billing.repository;

import static org.assertj.core.api.Assertions.assertThat;

import homework.arch.billing.BalanceRule;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link AccountRepository#APPLY_IF_ALLOWED} answers the {@link homework.arch.billing.BalanceRule} table, on the real
 * database: a change the rule allows updates the row to the table's balance (and moves the account one posting on),
 * any other leaves no row. Each case runs in a transaction that is rolled back, so no account without postings is
 * left for the reconciliation to find.
 */
@QuarkusTest
class BalanceRuleSqlTest {

    private static final long LAST_SEQ = 5;
    // The statement as the application runs it, with the pool's $n for Hibernate's ?n.
    private static final String STATEMENT = AccountRepository.APPLY_IF_ALLOWED.replaceAll("\\?(\\d+)", "\\$$1");

    @Inject
    Pool pool;

    static List<BalanceRule.Case> cases() {
        return BalanceRule.CASES;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void sqlAnswersAsTheTableSays(BalanceRule.Case rule) {
        RowSet<Row> rows = pool.getConnection().chain(connection -> connection.begin()
                .chain(transaction -> apply(connection, rule)
                        .call(ignored -> transaction.rollback()))
                .eventually(connection::close))
                .await().atMost(Duration.ofSeconds(10));

        if (rule.allowed()) {
            assertThat(rows.size()).as("rows updated").isEqualTo(1);
            Row row = rows.iterator().next();
            assertThat(BalanceRule.applied(row.getLong("available"), row.getLong("held"))).isEqualTo(rule.expected());
            assertThat(row.getLong("last_seq")).isEqualTo(LAST_SEQ + 1);
        } else {
            assertThat(rows.size()).as("rows updated when the rule says " + rule.expected()).isZero();
        }
    }

    private static Uni<RowSet<Row>> apply(SqlConnection connection, BalanceRule.Case rule) {
        UUID account = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return connection.preparedQuery("INSERT INTO account (user_id, available, held, last_seq, created_at, "
                        + "updated_at) VALUES ($1, $2, $3, $4, $5, $5)")
                .execute(Tuple.of(account, rule.available(), rule.held(), LAST_SEQ, now))
                .chain(() -> connection.preparedQuery(STATEMENT).execute(Tuple.from(List.of(account,
                        rule.availableChange(), rule.heldChange(), BalanceRule.MAX_TOTAL, now))));
    }
}
