package homework.arch.billing;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Health, metrics, reconciliation and OpenAPI of the packaged application. */
@QuarkusIntegrationTest
class ManagementInterfaceIT extends ManagementInterfaceTest {

    @Override
    protected String management(String path) {
        return PackagedApplication.management(path);
    }
}
