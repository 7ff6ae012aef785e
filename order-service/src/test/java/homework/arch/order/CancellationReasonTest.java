package homework.arch.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CancellationReasonTest {

    /** The contract with notification-service, whose tests read the same file. */
    private static final Path CONTRACT = Path.of("..", "docs", "contracts", "order-cancellation-reasons.txt");

    @Test
    void theReasonsThisServiceCanPublishAreExactlyThoseOfTheContract() throws IOException {
        assertThat(Arrays.stream(CancellationReason.values()).map(CancellationReason::code))
                .containsExactlyInAnyOrderElementsOf(Files.readAllLines(CONTRACT).stream()
                        .filter(line -> !line.isBlank() && !line.startsWith("#")).toList());
    }

    @Test
    void billingsCodesBecomeReasonsOfTheContract() {
        assertThat(CancellationReason.ofDecline("insufficient_funds")).isEqualTo(CancellationReason.INSUFFICIENT_FUNDS);
        assertThat(CancellationReason.ofDecline("account_not_found")).isEqualTo(CancellationReason.ACCOUNT_NOT_FOUND);
        assertThat(CancellationReason.ofDecline("a_code_billing_adds_later"))
                .isEqualTo(CancellationReason.PAYMENT_DECLINED);
        assertThat(CancellationReason.ofDecline(null)).isEqualTo(CancellationReason.PAYMENT_DECLINED);
        assertThat(CancellationReason.ofRefusal("account_not_found")).isEqualTo(CancellationReason.ACCOUNT_NOT_FOUND);
        assertThat(CancellationReason.ofRefusal("payment_conflict")).isEqualTo(CancellationReason.PAYMENT_REJECTED);
        assertThat(CancellationReason.ofRefusal("validation_failed")).isEqualTo(CancellationReason.PAYMENT_REJECTED);
    }
}
