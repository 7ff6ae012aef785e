package homework.arch.notification.messaging;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same flow against the packaged application. */
@QuarkusIntegrationTest
class NotificationFlowIT extends NotificationFlowTest {
}
