package homework.arch.user.client;

/** billing refused the request itself (a 4xx other than 408/429): repeating the same request cannot help. */
public class BillingRejected extends RuntimeException {

    public BillingRejected(int status) {
        super("billing rejected the request with HTTP " + status, null, false, false);
    }
}
