package homework.arch.infra.client;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

/** What billing's refusals mean to its callers: only a refusal of the request itself is final. */
class BillingErrorsTest {

    @Test
    void aRefusedCredentialIsTheCallersToFixNotTheRequestsFault() {
        for (int status : new int[] { 401, 403 }) {
            assertThat(BillingErrors.toException(Response.status(status).build()))
                    .isInstanceOf(BillingUnavailable.class)
                    .hasMessageContaining("credential");
        }
    }

    @Test
    void aBillingThatCannotServeNowMaySucceedLater() {
        for (int status : new int[] { 408, 429, 500, 503 }) {
            assertThat(BillingErrors.toException(Response.status(status).build()))
                    .isInstanceOf(BillingUnavailable.class);
        }
    }

    @Test
    void anyOtherRefusalIsFinal() {
        for (int status : new int[] { 400, 404, 409, 422 }) {
            assertThat(BillingErrors.toException(Response.status(status).build()))
                    .isInstanceOf(BillingRejected.class);
        }
    }
}
