package homework.arch.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NotificationTest {

    /** The reasons order-service may give: its tests read the same file. */
    private static final Path CONTRACT = Path.of("..", "docs", "contracts", "order-cancellation-reasons.txt");
    private static final UUID ORDER = UUID.fromString("a1d4e7b0-3c6f-4a29-8b5e-1f0c9d2e7a43");
    private static final UUID USER = UUID.fromString("5b2f0c1e-8d4a-4f6b-b3c2-9e7a1d0f4c28");
    private static final Instant NOW = Instant.parse("2026-01-15T10:05:00.123456789Z");

    @Test
    void aPaidOrderGetsAHappyLetterWithTheAmount() {
        Notification letter = Notification.orderPaid(ORDER, new BigDecimal("25.5"), "USD", USER, NOW);

        assertThat(letter.type()).isEqualTo(NotificationType.ORDER_PAID);
        assertThat(letter.subject()).isEqualTo("Your order is paid");
        assertThat(letter.body()).isEqualTo("Good news! We received your payment of 25.50 USD for order " + ORDER
                + ". Thank you for your purchase.");
        assertThat(letter.email()).as("addressed when stored").isNull();
        assertThat(letter.userId()).isEqualTo(USER);
        assertThat(letter.orderId()).isEqualTo(ORDER);
        assertThat(letter.id()).isNotNull();
    }

    @Test
    void aCancelledOrderGetsASadLetterSayingWhyInWords() {
        Notification letter = Notification.orderCancelled(ORDER, new BigDecimal("1000"), "USD", "insufficient_funds",
                USER, NOW);

        assertThat(letter.type()).isEqualTo(NotificationType.ORDER_CANCELLED);
        assertThat(letter.subject()).isEqualTo("Your order was cancelled");
        assertThat(letter.body()).isEqualTo("We are sorry: your order " + ORDER + " for 1000.00 USD was cancelled "
                + "because there was not enough money on your account. No money was taken from your account.");
    }

    @Test
    void everyReasonOrderServiceCanGiveHasASentenceOfItsOwn() throws IOException {
        List<String> contract = Files.readAllLines(CONTRACT).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();

        assertThat(Notification.REASONS.keySet()).containsExactlyInAnyOrderElementsOf(contract);
        assertThat(contract).allSatisfy(reason -> assertThat(Notification.explain(reason))
                .isNotEqualTo(Notification.explain(null)).doesNotContain("_"));
        assertThat(contract.stream().map(Notification::explain).distinct()).hasSameSizeAs(contract);
    }

    @Test
    void anUnknownOrMissingReasonIsStillExplainedWithoutARawCode() {
        assertThat(Notification.explain("card_expired")).isEqualTo("the payment could not be completed");
        assertThat(Notification.explain(null)).isEqualTo("the payment could not be completed");
        assertThat(Notification.explain(" ")).isEqualTo("the payment could not be completed");
    }

    @Test
    void anAmountIsWrittenWithTheDigitsOfItsCurrency() {
        assertThat(Notification.orderPaid(ORDER, new BigDecimal("1500"), "JPY", USER, NOW).body())
                .contains("payment of 1500 JPY for order");
        assertThat(Notification.orderCancelled(ORDER, new BigDecimal("10.25"), "KWD", "payment_declined", USER, NOW)
                .body()).contains("for 10.250 KWD was cancelled because the payment was declined.");
    }

    @Test
    void aLetterWrittenBeforeItsUserWasKnownIsAddressedOnceAndOnlyOnce() {
        Notification letter = Notification.orderPaid(ORDER, BigDecimal.TEN, "USD", USER, NOW);

        assertThat(letter.email()).isNull();
        assertThat(letter.addressTo(null)).isFalse();
        assertThat(letter.addressTo("ada@example.com")).isTrue();
        assertThat(letter.addressTo("someone-else@example.com")).isFalse();
        assertThat(letter.email()).isEqualTo("ada@example.com");
    }

    @Test
    void theTimeIsKeptToTheMicrosecondAsTheDatabaseStoresIt() {
        Notification letter = Notification.orderPaid(ORDER, BigDecimal.TEN, "USD", USER, NOW);

        assertThat(letter.createdAt()).isEqualTo(Instant.parse("2026-01-15T10:05:00.123456Z"));
    }
}
