package homework.arch.infra.inbox;

import static homework.arch.infra.outbox.OutboxTesting.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class InboxTest {

    @Inject
    Inbox inbox;

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

    private boolean mark(UUID eventId, String consumer) {
        return await(() -> Panache.withTransaction(() -> inbox.markProcessed(eventId, consumer)));
    }
}
