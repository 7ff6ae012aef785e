package homework.arch.billing;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The concurrency tests and the reconciliation against the packaged application. */
@QuarkusIntegrationTest
class LedgerConcurrencyIT extends LedgerConcurrencyTest {

    @Override
    protected String reconciliation() {
        return PackagedApplication.management("reconciliation");
    }
}
