package homework.arch.infra.outbox;

import static homework.arch.infra.outbox.OutboxTesting.EXCHANGE;
import static homework.arch.infra.outbox.OutboxTesting.enqueue;
import static homework.arch.infra.outbox.OutboxTesting.numbered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import homework.arch.testsupport.BrokerClient;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The relay as a producing service runs it ({@code infra.outbox.enabled=true}), with polling practically off: an
 * event still leaves soon after its transaction commits, because the writer then wakes the relay
 * ({@link Outbox#committed}); the commits made while it lingers leave together.
 */
@QuarkusTest
@TestProfile(OutboxWakeUpTest.RelayEnabled.class)
public class OutboxWakeUpTest {

    public static class RelayEnabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // A linger far longer than the test takes to commit a few events, so that they surely meet.
            return Map.of("infra.outbox.enabled", "true", "infra.outbox.poll-interval", "1h",
                    "infra.outbox.linger", "1s");
        }
    }

    @Inject
    Outbox outbox;

    @Inject
    MeterRegistry registry;

    @Test
    void aCommittedEventIsPublishedWithoutWaitingForAPoll() {
        try (BrokerClient broker = BrokerClient.connect("infra tests")) {
            BrokerClient.Listener listener = broker.listen(EXCHANGE, "numbered.#");
            for (int i = 0; i < 3; i++) {
                OutboxMessage event = numbered(UUID.randomUUID().toString(), 1);

                String arrived = sendAlone(listener, event);

                assertThat(arrived).isEqualTo(event.eventId().toString());
            }
        }
    }

    @Test
    void eventsCommittedWhileTheRelayLingersLeaveInOneTransaction() {
        DistributionSummary batches = batches();
        try (BrokerClient broker = BrokerClient.connect("infra tests")) {
            BrokerClient.Listener listener = broker.listen(EXCHANGE, "numbered.#");
            // One event first: in an application that has just started, the first transactions can take longer than
            // the linger, and the five below would then leave in two batches.
            sendAlone(listener, numbered(UUID.randomUUID().toString(), 1));

            Set<String> expected = new HashSet<>();
            long batchesBefore = batches.count();
            double eventsBefore = batches.totalAmount();
            for (int i = 0; i < 5; i++) {
                OutboxMessage event = numbered(UUID.randomUUID().toString(), 1);
                expected.add(event.eventId().toString());
                enqueue(outbox, null, event); // a transaction each
            }

            Set<String> arrived = new HashSet<>();
            while (!arrived.containsAll(expected)) {
                arrived.add(listener.next().getProperties().getMessageId());
            }
            // The batch is counted once its transaction has committed, just after the broker took the events.
            await().until(() -> batches.count() > batchesBefore);
            assertThat(batches.count() - batchesBefore).isEqualTo(1);
            assertThat(batches.totalAmount() - eventsBefore).isEqualTo(5);
        }
    }

    /**
     * Enqueues {@code event} in a transaction of its own and waits until it arrived and its batch was counted (after
     * its commit, which may come after the broker delivered it), so that no later batch count includes it.
     *
     * @return the message id that arrived: the event's
     */
    private String sendAlone(BrokerClient.Listener listener, OutboxMessage event) {
        DistributionSummary batches = batches();
        double eventsBefore = batches.totalAmount();
        enqueue(outbox, null, event);
        String arrived;
        do {
            arrived = listener.next().getProperties().getMessageId();
        } while (!arrived.equals(event.eventId().toString()));
        await().until(() -> batches.totalAmount() - eventsBefore >= 1);
        return arrived;
    }

    private DistributionSummary batches() {
        return registry.get("outbox.batch.events").summary();
    }
}
