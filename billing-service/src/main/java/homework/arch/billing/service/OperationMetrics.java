package homework.arch.billing.service;

import homework.arch.billing.BillingOperation;
import homework.arch.billing.Payment;
import homework.arch.infra.problem.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Business metrics: operations and commands by type and outcome (with the rejection's code as the reason), payments by
 * status and expired holds. Every tag has a small fixed set of values.
 */
@ApplicationScoped
public class OperationMetrics {

    private static final String NONE = "none";

    private final MeterRegistry registry;

    public OperationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void answered(BillingOperation operation, Reply reply) {
        if (reply.replayed()) {
            count(operation, "replayed", NONE);
        } else if (reply.rejection() != null) {
            count(operation, "rejected", reply.rejection());
        } else {
            count(operation, "succeeded", NONE);
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

    private void count(BillingOperation operation, String outcome, String reason) {
        Counter.builder("billing.operations").description("Money-moving operations by type and outcome")
                .tag("type", operation.type())
                .tag("outcome", outcome)
                .tag("reason", reason)
                .register(registry).increment();
    }
}
