package homework.arch.billing.service;

import homework.arch.billing.BillingOperation;
import homework.arch.billing.Outcome;
import homework.arch.billing.Payment;
import homework.arch.billing.PaymentStatus;
import homework.arch.infra.money.CurrencyUnit;
import homework.arch.infra.problem.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Business metrics: operations and commands by type and outcome (with the rejection's code as the reason), payments by
 * status, expired holds, and the money the operations moved. Every tag has a small fixed set of values.
 */
@ApplicationScoped
public class OperationMetrics {

    private static final String NONE = "none";

    private final MeterRegistry registry;
    private final CurrencyUnit currency;

    public OperationMetrics(MeterRegistry registry, CurrencyUnit currency) {
        this.registry = registry;
        this.currency = currency;
    }

    public void answered(BillingOperation operation, Reply reply) {
        if (reply.replayed()) {
            count(operation, "replayed", NONE);
        } else if (reply.rejection() != null) {
            count(operation, "rejected", reply.rejection());
        } else {
            count(operation, "succeeded", NONE);
            moved(operation, movedNow(reply.outcome()));
        }
    }

    void rejected(BillingOperation operation, ProblemException rejection) {
        count(operation, "rejected", rejection.problem().code());
    }

    void paid(Payment payment) {
        Counter.builder("billing.payments").description("Payments by status and decline reason")
                .tag("status", payment.status().name())
                .tag("reason", payment.reason() == null ? NONE : payment.reason())
                .register(registry).increment();
    }

    /**
     * A command from the queue, counted once its fate is settled: {@code succeeded}, {@code rejected} or
     * {@code replayed} after its transaction committed, {@code dead_lettered} once the dead-letter queue has it,
     * {@code handed_back} when it failed and went back to the broker for another delivery.
     *
     * @param type one of the command types, or {@code unknown}
     */
    public void command(String type, String outcome, String reason) {
        Counter.builder("billing.commands").description("Commands from the billing.commands queue by type and outcome")
                .tag("type", type)
                .tag("outcome", outcome)
                .tag("reason", reason == null ? NONE : reason)
                .register(registry).increment();
    }

    void holdsExpired(int count) {
        Counter.builder("billing.holds.expired").description("Holds released automatically because they expired")
                .register(registry).increment(count);
    }

    /**
     * {@code billing_money_moved_total}: the amount (major units) an operation moved out of, into or between
     * accounts, by operation type (DEPOSIT, WITHDRAW, TRANSFER, CAPTURE, PAYMENT) and currency. Placing or releasing
     * a hold moves nothing; a capture moves what it captured.
     */
    private void moved(BillingOperation operation, long minorAmount) {
        if (minorAmount <= 0) {
            return;
        }
        Counter.builder("billing.money.moved").description("Money moved by the operations, in major units")
                .tag("type", operation.type())
                .tag("currency", currency.code())
                .register(registry).increment(currency.toDecimal(minorAmount).doubleValue());
    }

    /** What an outcome moved just now, in minor units; 0 for nothing. */
    private static long movedNow(Outcome outcome) {
        if (outcome instanceof Outcome.Posted posted) {
            return posted.movement().amount();
        }
        if (outcome instanceof Outcome.HoldChanged changed && !changed.placed()
                && changed.hold().capturedAmount() != null) {
            return changed.hold().capturedAmount();
        }
        if (outcome instanceof Outcome.Paid paid && paid.first()
                && paid.payment().status() == PaymentStatus.SUCCEEDED) {
            return paid.payment().amount();
        }
        return 0;
    }

    private void count(BillingOperation operation, String outcome, String reason) {
        Counter.builder("billing.operations").description("Money-moving operations by type and outcome")
                .tag("type", operation.type())
                .tag("outcome", outcome)
                .tag("reason", reason)
                .register(registry).increment();
    }
}
