package homework.arch.order;

import homework.arch.testsupport.BillingStub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same rules, checked against the packaged application (its token verification reads the test keys' file). */
@QuarkusIntegrationTest
@WithTestResource(BillingStub.class)
class OrderAuthorizationIT extends OrderAuthorizationTest {
}
