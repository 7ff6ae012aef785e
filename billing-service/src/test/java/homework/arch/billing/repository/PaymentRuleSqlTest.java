package homework.arch.billing.repository;

import static org.assertj.core.api.Assertions.assertThat;

import homework.arch.billing.BalanceRule;
import homework.arch.billing.Payment;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link PaymentRepository#PAY} decides a payment by the {@link BalanceRule} table's debits (the rule Java applies in
 * {@code Balance#apply}): covered, the account is debited to the table's balance; not covered, the payment is
 * DECLINED {@code insufficient_funds} and the account is untouched. Each case runs in a transaction that is rolled
 * back, so no account without postings is left for the reconciliation to find.
 */
@QuarkusTest
class PaymentRuleSqlTest {

    private static final String STATEMENT = PaymentRepository.PAY.replaceAll("\\?(\\d+)", "\\$$1");

    @Inject
    Pool pool;

    /** A payment is a debit of the available funds alone. */
    static List<BalanceRule.Case> debits() {
        return BalanceRule.CASES.stream().filter(c -> c.availableChange() < 0 && c.heldChange() == 0).toList();
    }

    @ParameterizedTest
    @MethodSource("debits")
    void aPaymentIsDecidedAsTheTableSays(BalanceRule.Case rule) {
        UUID user = UUID.randomUUID();
        List<String> outcome = inRolledBackTransaction(connection -> insertAccount(connection, user, rule)
                .chain(() -> pay(connection, user, -rule.availableChange()))
                .chain(payment -> connection.preparedQuery("SELECT available, held FROM account WHERE user_id = $1")
                        .execute(Tuple.of(user))
                        .map(rows -> {
                            Row account = rows.iterator().next();
                            return List.of(payment.getString("status"), String.valueOf(payment.getString("reason")),
                                    BalanceRule.applied(account.getLong("available"), account.getLong("held")));
                        })));

        if (rule.allowed()) {
            assertThat(outcome).containsExactly("SUCCEEDED", "null", rule.expected());
        } else {
            assertThat(outcome).containsExactly("DECLINED", rule.expected(),
                    BalanceRule.applied(rule.available(), rule.held()));
        }
    }

    @Test
    void aPaymentFromNoAccountIsDeclined() {
        List<String> outcome = inRolledBackTransaction(connection -> pay(connection, UUID.randomUUID(), 10)
                .map(payment -> List.of(payment.getString("status"), payment.getString("reason"))));

        assertThat(outcome).containsExactly("DECLINED", "account_not_found");
    }

    private <T> T inRolledBackTransaction(java.util.function.Function<SqlConnection, Uni<T>> work) {
        return pool.getConnection().chain(connection -> connection.begin()
                .chain(transaction -> work.apply(connection).call(ignored -> transaction.rollback()))
                .eventually(connection::close))
                .await().atMost(Duration.ofSeconds(10));
    }

    private static Uni<RowSet<Row>> insertAccount(SqlConnection connection, UUID user, BalanceRule.Case rule) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return connection.preparedQuery("INSERT INTO account (user_id, available, held, last_seq, created_at, "
                        + "updated_at) VALUES ($1, $2, $3, 5, $4, $4)")
                .execute(Tuple.of(user, rule.available(), rule.held(), now));
    }

    private static Uni<Row> pay(SqlConnection connection, UUID user, long amount) {
        Payment attempt = Payment.attempt(UUID.randomUUID(), user, amount, Instant.now());
        return connection.preparedQuery(STATEMENT)
                .execute(Tuple.from(Arrays.asList(PaymentRepository.parameters(attempt, null))))
                .map(rows -> rows.iterator().next());
    }
}
