package homework.arch.order.client;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

/** What billing's refusals mean for an order: only a refusal of the payment itself is final. */
class BillingClientTest {

    @Test
    void aRefusedCredentialIsOursToFixNotTheOrdersFault() {
        for (int status : new int[] { 401, 403 }) {
            assertThat(BillingClient.toException(Response.status(status).build()))
                    .isInstanceOf(BillingUnavailable.class)
                    .hasMessageContaining("credential");
        }
    }

    @Test
    void aBillingThatCannotServeNowMaySucceedLater() {
        for (int status : new int[] { 408, 429, 500, 503 }) {
            assertThat(BillingClient.toException(Response.status(status).build()))
                    .isInstanceOf(BillingUnavailable.class);
        }
    }

    @Test
    void anyOtherRefusalIsFinal() {
        for (int status : new int[] { 400, 404, 409, 422 }) {
            assertThat(BillingClient.toException(Response.status(status).build()))
                    .isInstanceOf(BillingRejected.class);
        }
    }
}
