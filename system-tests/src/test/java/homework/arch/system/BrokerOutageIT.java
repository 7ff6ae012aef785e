package homework.arch.system;

import static org.assertj.core.api.Assertions.assertThat;

import homework.arch.system.Api.Order;
import homework.arch.system.Api.User;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * RabbitMQ goes away while users register and place orders. Nothing that talks to clients needs the broker (billing
 * is called over REST, events wait in the producers' outboxes), so every request is answered; when the broker is
 * back, every event arrives and has its effect exactly once.
 */
@ExtendWith(StackReady.class)
class BrokerOutageIT {

    private static final Duration OUTAGE = Duration.parse(Stack.setting("broker.outage", "PT10S"));
    /** Relays back off up to 5 s and consumers reconnect every 2 s (billing's every 10 s) once the broker is back. */
    private static final Duration RECOVERY = Duration.ofSeconds(60);
    private static final int USERS = 3;

    private final Api api = new Api("broker-outage");
    private final Broker broker = new Broker();

    @Test
    void everyEventOfTheOutageArrivesOnceTheBrokerIsBackAndNoneTwice() throws InterruptedException {
        assertThat(broker.acceptsConnections()).as("the broker is up before the outage").isTrue();
        Map<User, List<Order>> placed = new LinkedHashMap<>();

        try (Broker.Outage outage = broker.stop()) {
            assertThat(broker.acceptsConnections()).as("the broker is down").isFalse();
            for (int i = 1; i <= USERS; i++) {
                User user = api.createUser("Olga Outage " + i);
                api.deposit(user.id(), new BigDecimal("100"));
                placed.put(user, List.of(
                        api.placeOrder(user.id(), new BigDecimal("40")),
                        api.placeOrder(user.id(), new BigDecimal("50")),
                        api.placeOrder(user.id(), new BigDecimal("20"))));
            }
            placed.values().forEach(orders -> assertThat(orders).extracting(Order::status)
                    .as("answered while the broker is down: 100 pays 40 and 50, not 20 more")
                    .containsExactly("PAID", "PAID", "CANCELLED"));

            outage.lastUntil(OUTAGE);
            assertThat(broker.acceptsConnections()).as("the broker is still down at the end of the outage").isFalse();
            placed.keySet().forEach(user -> assertThat(api.letters(user.id()))
                    .as("letters to %s sent while the broker is down", user.email())
                    .isEmpty());
        }

        placed.forEach((user, orders) ->
                Letters.assertOnePerOrder(user, orders, api.awaitLetters(user, orders, RECOVERY)));

        // Relays and consumers are connected again if a user and an order placed now reach notification-service too.
        // Their events leave the outboxes after every event of the outage, so a duplicate of one of those (a batch
        // sent again because its confirm was lost) would be in the queue before them.
        User late = api.createUser("Lars Late");
        api.deposit(late.id(), new BigDecimal("10"));
        List<Order> lateOrders = List.of(api.placeOrder(late.id(), new BigDecimal("5")));
        Letters.assertOnePerOrder(late, lateOrders, api.awaitLetters(late, lateOrders, RECOVERY));
        placed.forEach((user, orders) -> Letters.assertOnePerOrder(user, orders, api.letters(user.id())));

        placed.keySet().forEach(user -> assertThat(api.account(user.id()).balance())
                .as("balance of %s: 100 - 40 - 50, each order paid once", user.email())
                .isEqualByComparingTo("10"));
        Stack.awaitReady(RECOVERY);
    }
}
