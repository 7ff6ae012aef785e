package homework.arch.notification.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import homework.arch.infra.inbox.InboxReceiver;
import homework.arch.infra.inbox.PoisonMessage;
import homework.arch.notification.Events;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * This service's event records against the producers' payloads as DESIGN.md specifies them (the samples in
 * {@code src/test/resources/events}), read exactly as the consumers read them.
 */
@QuarkusTest
class EventContractTest {

    @Inject
    InboxReceiver inbox;

    @Test
    void userCreated() {
        UserCreated event = read("user-created", UserCreated.class);

        assertThat(event).isEqualTo(new UserCreated(UUID.fromString("0f9e6a4c-2b1d-4c8e-9a57-3d2f1e0b7c61"),
                "UserCreated", Instant.parse("2026-01-15T10:00:00.123456Z"),
                UUID.fromString("5b2f0c1e-8d4a-4f6b-b3c2-9e7a1d0f4c28"), "Ada Lovelace", "ada@example.com"));
    }

    @Test
    void orderPaid() {
        OrderSettled event = read("order-paid", OrderSettled.class);

        assertThat(event.paid()).isTrue();
        assertThat(event.eventId()).isEqualTo(UUID.fromString("7c3a9e12-4f5b-4d6a-8e1c-2b9f0a3d5e74"));
        assertThat(event.orderId()).isEqualTo(UUID.fromString("a1d4e7b0-3c6f-4a29-8b5e-1f0c9d2e7a43"));
        assertThat(event.userId()).isEqualTo(UUID.fromString("5b2f0c1e-8d4a-4f6b-b3c2-9e7a1d0f4c28"));
        assertThat(event.amount()).isEqualByComparingTo(new BigDecimal("25.50"));
        assertThat(event.currency()).isEqualTo("USD");
        assertThat(event.reason()).isNull();
    }

    @Test
    void orderCancelled() {
        OrderSettled event = read("order-cancelled", OrderSettled.class);

        assertThat(event.paid()).isFalse();
        assertThat(event.eventType()).isEqualTo("OrderCancelled");
        assertThat(event.amount()).isEqualByComparingTo(new BigDecimal("1000"));
        assertThat(event.reason()).isEqualTo("insufficient_funds");
    }

    @Test
    void fieldsAProducerAddsLaterAreIgnored() {
        String extended = Events.orderPaid(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID())
                .put("couponCode", "SPRING").toString();

        assertThat(inbox.read(extended.getBytes(StandardCharsets.UTF_8), OrderSettled.class).paid()).isTrue();
    }

    @Test
    void amountsOfEveryCurrencyAreReadWithTheirOwnMinorUnit() {
        for (String[] amount : new String[][] { { "1500", "JPY" }, { "10.250", "KWD" }, { "10.25", "KWD" },
                { "25.50", "USD" } }) {
            String event = Events.orderPaid(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID())
                    .put("amount", new BigDecimal(amount[0])).put("currency", amount[1]).toString();

            assertThat(inbox.read(event.getBytes(StandardCharsets.UTF_8), OrderSettled.class).amount())
                    .isEqualTo(new BigDecimal(amount[0]));
        }
    }

    @Test
    void anAmountFinerThanItsCurrencyOrAnUnknownCurrencyIsPoison() {
        for (String[] amount : new String[][] { { "1500.5", "JPY" }, { "10.2505", "KWD" }, { "25.505", "USD" },
                { "25.50", "XYZ" } }) {
            String event = Events.orderPaid(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID())
                    .put("amount", new BigDecimal(amount[0])).put("currency", amount[1]).toString();

            assertThatThrownBy(() -> inbox.read(event.getBytes(StandardCharsets.UTF_8), OrderSettled.class))
                    .as(amount[0] + " " + amount[1]).isInstanceOf(PoisonMessage.class);
        }
    }

    @Test
    void wrongTypesAreNotCoerced() {
        String amountAsText = Events.orderPaid(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID())
                .put("amount", "25.50").toString();

        assertThatThrownBy(() -> inbox.read(amountAsText.getBytes(StandardCharsets.UTF_8), OrderSettled.class))
                .isInstanceOf(PoisonMessage.class);
    }

    private <T> T read(String sample, Class<T> type) {
        return inbox.read(Events.sample(sample).getBytes(StandardCharsets.UTF_8), type);
    }
}
