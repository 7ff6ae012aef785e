package homework.arch.user.client;

import homework.arch.infra.client.BillingCaller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Opens billing accounts with bounded patience ({@link BillingCaller}); opening is idempotent on billing's side. */
@ApplicationScoped
public class BillingAccounts extends BillingCaller {

    private final BillingClient billing;

    public BillingAccounts(@RestClient BillingClient billing) {
        this.billing = billing;
    }

    public Uni<Void> open(UUID userId) {
        return call(() -> billing.openAccount(new OpenAccount(userId)));
    }
}
