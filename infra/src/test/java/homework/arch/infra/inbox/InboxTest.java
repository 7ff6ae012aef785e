package homework.arch.infra.inbox;

import static homework.arch.testsupport.OnVertx.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
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
    void aStatementThatRecordsTheEventItselfLearnsWhetherItIsNew() {
        UUID eventId = UUID.randomUUID();

        assertThat(record(eventId, "consumer-a")).isTrue();
        assertThat(record(eventId, "consumer-a")).isFalse();
        assertThat(record(eventId, "consumer-b")).isTrue();
    }

    /** One autocommitted statement, as a consumer with a RecordingEffect runs it. */
    private boolean record(UUID eventId, String consumer) {
        return pool.preparedQuery("WITH " + Inbox.RECORD + " SELECT EXISTS (SELECT FROM inbox)")
                .execute(Tuple.of(consumer, eventId)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getBoolean(0);
    }

    private boolean mark(UUID eventId, String consumer) {
        return await(() -> Panache.withTransaction(() -> inbox.markProcessed(eventId, consumer)));
    }
}
