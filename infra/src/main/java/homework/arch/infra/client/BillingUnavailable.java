package homework.arch.infra.client;

/**
 * billing could not serve the request just now (5xx, 408, 429), or refused the calling service's credential (401,
 * 403): the same request may succeed later.
 */
public class BillingUnavailable extends RuntimeException {

    public BillingUnavailable(int status) {
        this("billing answered HTTP " + status);
    }

    private BillingUnavailable(String message) {
        super(message, null, false, false);
    }

    static BillingUnavailable credentialRefused(int status) {
        return new BillingUnavailable("billing refused this service's credential with HTTP " + status
                + " (check BILLING_CLIENT_PASSWORD against billing's BILLING_CALLER_<SERVICE>_PASSWORD for it)");
    }
}
