package homework.arch.infra.auth;

import io.smallrye.config.ConfigMapping;

/**
 * The credential a service calls billing's internal operations with ({@code billing-client.*}), sent as HTTP Basic
 * by its REST client ({@code BillingBasicAuth}). A service that calls billing reads it at start (the password has no
 * default), so that one deployed without it does not start rather than fail every call later; the others never
 * read it.
 */
@ConfigMapping(prefix = "billing-client")
public interface BillingCredential {

    /** billing knows its callers by their service name. */
    String username();

    /** From BILLING_CLIENT_PASSWORD; billing has the same value for this caller. */
    String password();
}
