package homework.arch.user;

import homework.arch.testsupport.BillingStub;
import homework.arch.testsupport.ServedOperations;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(BillingStub.class)
class OperationsTest extends ServedOperations {

    OperationsTest() {
        super("/users", "/users/{id}");
    }
}
