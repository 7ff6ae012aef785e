package homework.arch.order.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Settles the orders whose placing request could not learn the payment's outcome. Every replica runs it; the row
 * locks taken with SKIP LOCKED make them share the due orders instead of paying one order twice at the same time.
 */
@ApplicationScoped
public class PaymentReconciler {

    private final OrderService orders;

    public PaymentReconciler(OrderService orders) {
        this.orders = orders;
    }

    @Scheduled(identity = "payment-reconciler", every = "${orders.reconciler.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> reconcile() {
        return orders.reconcileDue();
    }
}
