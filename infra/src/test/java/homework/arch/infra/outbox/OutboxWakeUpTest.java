package homework.arch.infra.outbox;

import static homework.arch.infra.outbox.OutboxTesting.EXCHANGE;
import static homework.arch.infra.outbox.OutboxTesting.enqueue;
import static homework.arch.infra.outbox.OutboxTesting.numbered;
import static org.assertj.core.api.Assertions.assertThat;

import homework.arch.testsupport.BrokerClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The relay as a producing service runs it ({@code infra.outbox.enabled=true}), with polling practically off: an
 * event still leaves as soon as its transaction commits, because the commit notifies the relay.
 */
@QuarkusTest
@TestProfile(OutboxWakeUpTest.RelayEnabled.class)
public class OutboxWakeUpTest {

    public static class RelayEnabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("infra.outbox.enabled", "true", "infra.outbox.poll-interval", "1h");
        }
    }

    @Inject
    Outbox outbox;

    @Test
    void aCommittedEventIsPublishedWithoutWaitingForAPoll() {
        try (BrokerClient broker = BrokerClient.connect("infra tests")) {
            BrokerClient.Listener listener = broker.listen(EXCHANGE, "numbered.#");
            for (int i = 0; i < 3; i++) {
                OutboxMessage event = numbered(UUID.randomUUID().toString(), 1);

                enqueue(outbox, null, event);

                String arrived;
                do {
                    arrived = listener.next().getProperties().getMessageId();
                } while (!arrived.equals(event.eventId().toString()));
                assertThat(arrived).isEqualTo(event.eventId().toString());
            }
        }
    }
}
