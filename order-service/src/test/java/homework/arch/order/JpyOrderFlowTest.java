package homework.arch.order;

import homework.arch.testsupport.BillingStub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;

/** Yen have no minor unit: prices are whole numbers. */
@QuarkusTest
@TestProfile(JpyOrderFlowTest.Yen.class)
@WithTestResource(BillingStub.class)
class JpyOrderFlowTest extends OrderCurrencyTest {

    public static class Yen implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("orders.currency", "JPY");
        }
    }
}
