package homework.arch.order.client;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import homework.arch.infra.auth.BillingCredential;
import jakarta.enterprise.event.Observes;
import java.math.BigDecimal;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Pays orders with bounded patience. A payment is idempotent by order id on billing's side, so a timed-out attempt
 * (which may well have been applied) is repeated without any risk of charging twice; a circuit breaker stops piling
 * requests onto a billing that is down. Limits are overridable per environment with
 * {@code quarkus.fault-tolerance."homework.arch.order.client.BillingPayments/pay".*}.
 */
@ApplicationScoped
public class BillingPayments {

    private static final Logger LOG = Logger.getLogger(BillingPayments.class);

    private final BillingClient billing;

    public BillingPayments(@RestClient BillingClient billing) {
        this.billing = billing;
    }

    /**
     * Says whom billing will see. Asking for the credential here also makes a deployment without it (no
     * BILLING_CLIENT_PASSWORD) fail at startup, instead of starting and leaving every order PENDING.
     */
    void announce(@Observes StartupEvent start, BillingCredential credential) {
        LOG.infof("Orders are paid through billing's internal API as '%s'", credential.username());
    }

    @AsynchronousNonBlocking
    @Timeout(2000)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, abortOn = BillingRejected.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, skipOn = BillingRejected.class)
    public Uni<Payment> pay(UUID orderId, UUID userId, BigDecimal amount) {
        return billing.pay(new PaymentRequest(orderId, userId, amount));
    }
}
