package homework.arch.order;

import static homework.arch.order.OrderApi.assertBillingSawOnlyTheServiceCredential;

import com.github.tomakehurst.wiremock.WireMockServer;
import homework.arch.testsupport.BillingStub.InjectBillingStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The billing stub of the order API's tests: it pays every payment unless a test says otherwise, and after each test
 * it must have seen order-service's own credential only. A subclass names the stub with
 * {@code @WithTestResource(BillingStub.class)}, as every test of this module that calls billing does.
 */
abstract class WithPayingBilling {

    @InjectBillingStub
    WireMockServer billing;

    @BeforeEach
    void billingPays() {
        OrderApi.billingPays(billing);
    }

    @AfterEach
    void billingWasCalledWithTheServiceCredentialOnly() {
        assertBillingSawOnlyTheServiceCredential(billing);
    }
}
