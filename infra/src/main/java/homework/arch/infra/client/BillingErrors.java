package homework.arch.infra.client;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * What billing's error answers mean to a service that calls it; registered on each service's billing REST client
 * ({@code @RegisterProvider}). 401 and 403 refuse the calling service's credential, not the request: a deployment
 * error that must never cost a user their order or registration, so it counts as "not now" like a billing that is
 * down. Only billing's refusal of the request itself is final.
 */
public class BillingErrors implements ResponseExceptionMapper<RuntimeException> {

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }

    @Override
    public RuntimeException toThrowable(Response response) {
        return toException(response);
    }

    public static RuntimeException toException(Response response) {
        int status = response.getStatus();
        if (status == 401 || status == 403) {
            return BillingUnavailable.credentialRefused(status);
        }
        if (status >= 500 || status == 408 || status == 429) {
            return new BillingUnavailable(status);
        }
        return new BillingRejected(status, BillingRejected.codeOf(response));
    }
}
