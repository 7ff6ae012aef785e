package homework.arch.infra.client;

import homework.arch.infra.auth.BillingCredential;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

/**
 * What a service that calls billing's internal API extends (one bean per service, around its own REST client).
 * Billing's internal operations are idempotent, so a timed-out or failed attempt (which may well have been applied)
 * is simply repeated; a circuit breaker stops piling requests onto a billing that is down; a refusal of the request
 * itself ({@link BillingRejected}) is an answer and is neither repeated nor counted as a failure. The limits are
 * overridable per environment with {@code quarkus.fault-tolerance.*}.
 * <p>
 * An attempt's time limit is the REST client's own ({@code quarkus.rest-client.billing.connect-timeout} and
 * {@code read-timeout}, which the service sets), not {@code @Timeout}: the client's timer runs on the request's event
 * loop, while {@code @Timeout} schedules every call on fault tolerance's timer thread and wakes that thread each time.
 */
public abstract class BillingCaller {

    private static final Logger LOG = Logger.getLogger(BillingCaller.class);

    /**
     * Says whom billing will see. Reading the credential at start also makes a deployment without its password (no
     * BILLING_CLIENT_PASSWORD) fail to start, rather than start and fail every call to billing.
     */
    void credentialIsConfigured(@Observes StartupEvent start, BillingCredential credential) {
        LOG.infof("billing's internal API is called as '%s'", credential.username());
    }

    /** @param request one attempt: called again for every retry */
    @AsynchronousNonBlocking
    @Retry(maxRetries = 2, delay = 200, jitter = 100, abortOn = BillingRejected.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, skipOn = BillingRejected.class)
    public <T> Uni<T> call(Supplier<Uni<T>> request) {
        return request.get();
    }
}
