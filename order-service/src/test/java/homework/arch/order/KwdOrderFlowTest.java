package homework.arch.order;

import homework.arch.testsupport.BillingStub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;

/** Kuwaiti dinars have three-digit fils; the API takes two decimals at most, as for every currency. */
@QuarkusTest
@TestProfile(KwdOrderFlowTest.Dinar.class)
@WithTestResource(BillingStub.class)
class KwdOrderFlowTest extends OrderCurrencyTest {

    public static class Dinar implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("orders.currency", "KWD");
        }
    }
}
