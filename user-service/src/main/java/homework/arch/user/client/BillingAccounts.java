package homework.arch.user.client;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import homework.arch.infra.auth.BillingCredential;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Opens billing accounts with bounded patience: opening is idempotent on billing's side, so a timed-out or failed
 * attempt is simply repeated; a circuit breaker stops piling requests onto a billing that is down. The limits are
 * overridable per environment with {@code quarkus.fault-tolerance."homework.arch.user.client.BillingAccounts/open".*}.
 */
@ApplicationScoped
public class BillingAccounts {

    private static final Logger LOG = Logger.getLogger(BillingAccounts.class);

    private final BillingClient billing;

    public BillingAccounts(@RestClient BillingClient billing) {
        this.billing = billing;
    }

    /**
     * The credential is read at start: its password has no default, and a service deployed without one must not
     * start, rather than answer every registration with billing_unavailable.
     */
    void credentialIsConfigured(@Observes StartupEvent start, BillingCredential credential) {
        LOG.infof("Billing accounts are opened as %s", credential.username());
    }

    @AsynchronousNonBlocking
    @Timeout(2000)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, abortOn = BillingRejected.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, skipOn = BillingRejected.class)
    public Uni<Void> open(UUID userId) {
        return billing.openAccount(new OpenAccount(userId));
    }
}
