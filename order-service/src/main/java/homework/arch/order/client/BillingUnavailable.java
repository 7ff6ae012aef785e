package homework.arch.order.client;

/** billing could not serve the request just now (5xx, 408, 429): the same request may succeed later. */
public class BillingUnavailable extends RuntimeException {

    public BillingUnavailable(int status) {
        super("billing answered HTTP " + status, null, false, false);
    }
}
