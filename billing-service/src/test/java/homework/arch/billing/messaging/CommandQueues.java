package homework.arch.billing.messaging;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.UUID;

/**
 * A command queue (and dead-letter queue) of this test run's own, deleted when the application under test stops:
 * another build running billing's tests at the same time, or a billing started on this machine, shares the broker but
 * takes none of these commands.
 */
public class CommandQueues implements QuarkusTestResourceLifecycleManager {

    private final String queue = "billing.commands.test-" + UUID.randomUUID();

    @Override
    public Map<String, String> start() {
        return Map.of("commands-queue.name", queue);
    }

    @Override
    public void stop() {
        try (CommandBroker broker = localBroker(queue)) {
            broker.delete(broker.commandQueue());
            broker.delete(broker.deadLetterQueue());
        }
    }

    /** The broker of the local profile ({@code RABBITMQ_*}, as in application.properties), for these queues. */
    static CommandBroker localBroker(String queue) {
        return CommandBroker.connect(env("RABBITMQ_HOST", "127.0.0.1"), Integer.parseInt(env("RABBITMQ_PORT", "5672")),
                env("RABBITMQ_USERNAME", "guest"), env("RABBITMQ_PASSWORD", "guest"), queue);
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
