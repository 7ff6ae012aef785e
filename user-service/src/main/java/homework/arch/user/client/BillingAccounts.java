package homework.arch.user.client;

import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Opens billing accounts with bounded patience: opening is idempotent on billing's side, so a timed-out or failed
 * attempt is simply repeated; a circuit breaker stops piling requests onto a billing that is down. The limits are
 * overridable per environment with {@code quarkus.fault-tolerance."homework.arch.user.client.BillingAccounts/open".*}.
 */
@ApplicationScoped
public class BillingAccounts {

    private final BillingClient billing;

    public BillingAccounts(@RestClient BillingClient billing) {
        this.billing = billing;
    }

    @AsynchronousNonBlocking
    @Timeout(2000)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, abortOn = BillingRejected.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, skipOn = BillingRejected.class)
    public Uni<Void> open(UUID userId) {
        return billing.openAccount(new OpenAccount(userId));
    }
}
