package homework.arch.order.client;

/**
 * billing could not serve the request just now (5xx, 408, 429), or refused order-service's credential (401, 403):
 * the same request may succeed later.
 */
public class BillingUnavailable extends RuntimeException {

    public BillingUnavailable(int status) {
        this("billing answered HTTP " + status);
    }

    private BillingUnavailable(String message) {
        super(message, null, false, false);
    }

    static BillingUnavailable credentialRefused(int status) {
        return new BillingUnavailable("billing refused order-service's credential with HTTP " + status
                + " (check BILLING_CLIENT_PASSWORD against billing's BILLING_CALLER_ORDER_SERVICE_PASSWORD)");
    }
}
