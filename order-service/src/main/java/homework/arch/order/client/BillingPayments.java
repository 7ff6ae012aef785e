package homework.arch.order.client;

import homework.arch.infra.client.BillingCaller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Pays orders with bounded patience ({@link BillingCaller}). A payment is idempotent by order id on billing's side, so
 * repeating a timed-out attempt can never charge twice.
 */
@ApplicationScoped
public class BillingPayments extends BillingCaller {

    private final BillingClient billing;

    public BillingPayments(@RestClient BillingClient billing) {
        this.billing = billing;
    }

    public Uni<Payment> pay(UUID orderId, UUID userId, BigDecimal amount) {
        return call(() -> billing.pay(new PaymentRequest(orderId, userId, amount)));
    }
}
