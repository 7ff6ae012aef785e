package homework.arch.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import homework.arch.infra.money.CurrencyUnit;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OrderTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00.123456789Z");
    private static final UUID USER = UUID.randomUUID();

    private static final CurrencyUnit USD = CurrencyUnit.of("USD");

    private static Order placed() {
        return Order.place(UUID.randomUUID(), USER, new BigDecimal("12.30"), USD, NOW, Duration.ofSeconds(30));
    }

    @Test
    void aPlacedOrderIsPendingAndLeavesItsFirstPaymentAttemptToTheRequest() {
        Order order = placed();

        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(order.isPending()).isTrue();
        assertThat(order.price()).isEqualByComparingTo("12.3");
        assertThat(order.reason()).isNull();
        assertThat(order.settledAt()).isNull();
        assertThat(order.createdAt()).isEqualTo(Instant.parse("2026-03-01T10:00:00.123456Z"));
        assertThat(order.nextPaymentAt()).isEqualTo(order.createdAt().plusSeconds(30));
    }

    @Test
    void aPaidOrderIsSettledForGood() {
        Order order = placed();

        order.markPaid(NOW.plusSeconds(1));

        assertThat(order.status()).isEqualTo(OrderStatus.PAID);
        assertThat(order.settledAt()).isEqualTo(Instant.parse("2026-03-01T10:00:01.123456Z"));
        assertThat(order.nextPaymentAt()).isNull();
        assertThatThrownBy(() -> order.markPaid(NOW)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> order.cancel(CancellationReason.INSUFFICIENT_FUNDS, NOW))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> order.postponePayment(NOW, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(order.status()).isEqualTo(OrderStatus.PAID);
    }

    @Test
    void aCancelledOrderKeepsItsReasonAndCannotBePaidAfterwards() {
        Order order = placed();

        order.cancel(CancellationReason.INSUFFICIENT_FUNDS, NOW);

        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.reason()).isEqualTo("insufficient_funds");
        assertThatThrownBy(() -> order.markPaid(NOW)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> order.cancel(CancellationReason.PAYMENT_DECLINED, NOW))
                .isInstanceOf(IllegalStateException.class);
        assertThat(order.reason()).isEqualTo("insufficient_funds");
    }

    @Test
    void aCancellationNeedsAReason() {
        Order order = placed();

        assertThatThrownBy(() -> order.cancel(null, NOW)).isInstanceOf(NullPointerException.class);
        assertThat(order.isPending()).isTrue();
    }

    @Test
    void anUnknownOutcomeIsRetriedLaterWithoutChangingTheStatus() {
        Order order = placed();

        order.postponePayment(NOW, Duration.ofSeconds(4));
        order.postponePayment(NOW, Duration.ofSeconds(8));

        assertThat(order.isPending()).isTrue();
        assertThat(order.paymentAttempts()).isEqualTo(2);
        assertThat(order.nextPaymentAt()).isEqualTo(NOW.plusSeconds(8));
    }

    @Test
    void aRepeatedPlacementIsTheSameWhenUserAndPriceAreEqualAsNumbers() {
        Order order = placed();

        assertThat(order.isPlacedAs(USER, new BigDecimal("12.3"))).isTrue();
        assertThat(order.isPlacedAs(USER, new BigDecimal("12.31"))).isFalse();
        assertThat(order.isPlacedAs(UUID.randomUUID(), new BigDecimal("12.30"))).isFalse();
    }

    @Test
    void anOrderBelongsToItsUserAlone() {
        Order order = placed();

        assertThat(order.belongsTo(USER)).isTrue();
        assertThat(order.belongsTo(UUID.randomUUID())).isFalse();
        assertThat(order.belongsTo(null)).isFalse();
    }

    @Test
    void aPriceMustBePositiveWithAtMostTwoDecimals() {
        UUID id = UUID.randomUUID();
        Duration after = Duration.ZERO;

        for (String price : new String[] { "0.001", "0", "-1" }) {
            assertThatThrownBy(() -> Order.place(id, USER, new BigDecimal(price), USD, NOW, after))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aPriceIsKeptInTheMinorUnitsOfItsOwnCurrency() {
        UUID id = UUID.randomUUID();

        Order yen = Order.place(id, USER, new BigDecimal("1500"), CurrencyUnit.of("JPY"), NOW, Duration.ZERO);
        Order dinar = Order.place(id, USER, new BigDecimal("10.25"), CurrencyUnit.of("KWD"), NOW, Duration.ZERO);

        assertThat(yen.price()).hasToString("1500");
        assertThat(yen.currency()).isEqualTo("JPY");
        assertThat(dinar.price()).hasToString("10.250");
        assertThat(dinar.isPlacedAs(USER, new BigDecimal("10.25"))).isTrue();
        assertThatThrownBy(() -> Order.place(id, USER, new BigDecimal("1500.5"), CurrencyUnit.of("JPY"), NOW,
                Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
