package homework.arch.billing.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SettlementTest {

    @Test
    void anAckTheBrokerNeverAnswersDoesNotHoldTheWorkerForever() {
        CompletableFuture<Void> neverAnswered = new CompletableFuture<>();

        assertThat(BillingCommandConsumer.settle(neverAnswered, Duration.ofMillis(100)).await()
                .atMost(Duration.ofSeconds(5))).isNull();
    }

    @Test
    void anAnsweredOrRefusedAckSettlesAtOnce() {
        assertThat(BillingCommandConsumer.settle(CompletableFuture.completedFuture(null), Duration.ofSeconds(10))
                .await().atMost(Duration.ofSeconds(1))).isNull();
        assertThat(BillingCommandConsumer.settle(CompletableFuture.failedFuture(new IllegalStateException("closed")),
                Duration.ofSeconds(10)).await().atMost(Duration.ofSeconds(1))).isNull();
    }
}
