package homework.arch.infra.inbox;

import static homework.arch.testsupport.OnVertx.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class InboxTest {

    @Inject
    Inbox inbox;

    @Inject
    Pool pool;

    @Test
    void anEventIsNewOncePerConsumer() {
        UUID eventId = UUID.randomUUID();

        assertThat(mark(eventId, "consumer-a")).isTrue();
        assertThat(mark(eventId, "consumer-a")).isFalse();
        assertThat(mark(eventId, "consumer-b")).isTrue();
    }

    @Test
    void aRolledBackEffectLeavesTheEventUnprocessed() {
        UUID eventId = UUID.randomUUID();

        assertThatThrownBy(() -> await(() -> Panache.withTransaction(() -> inbox.markProcessed(eventId, "consumer-a")
                .chain(() -> Uni.createFrom().failure(new IllegalStateException("effect failed"))))))
                .hasMessageContaining("effect failed");

        assertThat(mark(eventId, "consumer-a")).isTrue();
    }

    @Test
    void outsideATransactionItRefusesToWork() {
        assertThatThrownBy(() -> await(() -> inbox.markProcessed(UUID.randomUUID(), "consumer-a")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside the transaction");
    }

    @Test
    void aStatementThatRecordsItsEventsItselfLearnsWhichAreNew() {
        UUID seen = UUID.randomUUID();
        UUID unseen = UUID.randomUUID();
        assertThat(record("consumer-a", seen)).containsExactly(seen);

        assertThat(record("consumer-a", unseen, seen)).containsExactly(unseen);
        assertThat(record("consumer-a", seen, unseen)).isEmpty();
        assertThat(record("consumer-b", seen, unseen)).containsExactlyInAnyOrder(seen, unseen);
    }

    /** One autocommitted statement, as a consumer's {@link BatchEffect} runs it: the ids of the new events. */
    private List<UUID> record(String consumer, UUID... eventIds) {
        List<UUID> recorded = new ArrayList<>();
        pool.preparedQuery("WITH " + Inbox.RECORD_ALL + " SELECT event_id FROM inbox")
                .execute(new InboxBatch(consumer, List.of(eventIds)).parameters()).await()
                .atMost(Duration.ofSeconds(10)).forEach(row -> recorded.add(row.getUUID(0)));
        return recorded;
    }

    private boolean mark(UUID eventId, String consumer) {
        return await(() -> Panache.withTransaction(() -> inbox.markProcessed(eventId, consumer)));
    }
}
