package homework.arch.system;

import java.time.Duration;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code @ExtendWith(StackReady.class)}: the class's tests start once every service is ready, or fail saying which
 * one is not (a stack that is not running, or still recovering from what an earlier test did to it).
 */
public final class StackReady implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        Stack.awaitReady(Duration.ofSeconds(60));
    }
}
