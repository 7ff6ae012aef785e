package homework.arch.user;

import homework.arch.testsupport.BillingStub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same behaviour, checked against the packaged application. */
@QuarkusIntegrationTest
@WithTestResource(BillingStub.class)
class UserResourceIT extends UserResourceTest {
}
