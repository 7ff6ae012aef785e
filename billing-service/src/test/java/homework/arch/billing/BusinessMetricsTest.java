package homework.arch.billing;

import static homework.arch.billing.Http.accountWith;
import static homework.arch.billing.Http.deposit;
import static homework.arch.billing.Http.pay;
import static homework.arch.billing.Http.transfer;
import static homework.arch.billing.Http.withdraw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * billing's own business meters: the money the operations moved ({@code billing_money_moved_total}) and whether the
 * ledger reconciles ({@code billing_ledger_consistent}).
 */
@QuarkusTest
class BusinessMetricsTest {

    @Inject
    MeterRegistry registry;

    @Inject
    Pool pool;

    @Test
    void moneyMovedIsCountedInMajorUnitsByOperationTypeOnceAndOnlyWhenItMoved() {
        double deposits = moved("DEPOSIT");
        double withdrawals = moved("WITHDRAW");
        double transfers = moved("TRANSFER");
        double payments = moved("PAYMENT");

        UUID payer = accountWith("100.50");
        UUID payee = accountWith("1");
        withdraw(payer, "20.25").statusCode(201);
        withdraw(payer, "1000").statusCode(409); // refused: nothing moved
        transfer(payer, payee, "30").statusCode(201);
        UUID order = UUID.randomUUID();
        pay(order, payer, "12.75");
        pay(order, payer, "12.75"); // the same payment again: no second debit
        pay(UUID.randomUUID(), payer, "5000"); // declined: nothing moved

        assertThat(moved("DEPOSIT") - deposits).isCloseTo(101.50, within(1e-9));
        assertThat(moved("WITHDRAW") - withdrawals).isCloseTo(20.25, within(1e-9));
        assertThat(moved("TRANSFER") - transfers).isCloseTo(30, within(1e-9));
        assertThat(moved("PAYMENT") - payments).isCloseTo(12.75, within(1e-9));
    }

    @Test
    void theConsistencyGaugeFollowsTheReconciliation() {
        deposit(accountWith("5"), "1").statusCode(201);
        await().atMost(Duration.ofSeconds(20)).until(() -> consistent() == 1);

        UUID broken = accountWith("7");
        shiftAvailable(broken, 1);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> consistent() == 0);
        } finally {
            shiftAvailable(broken, -1);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> consistent() == 1);
    }

    /** Changes a balance behind the journal's back: what the reconciliation exists to find. */
    private void shiftAvailable(UUID userId, long minorUnits) {
        pool.preparedQuery("UPDATE account SET available = available + $2 WHERE user_id = $1")
                .execute(Tuple.of(userId, minorUnits)).await().atMost(Duration.ofSeconds(10));
    }

    private double consistent() {
        return registry.get("billing.ledger.consistent").gauge().value();
    }

    private double moved(String type) {
        Counter counter = registry.find("billing.money.moved").tag("type", type).tag("currency", "USD").counter();
        return counter == null ? 0 : counter.count();
    }
}
