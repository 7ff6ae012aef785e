package homework.arch.system;

import static org.assertj.core.api.Assertions.assertThat;

import homework.arch.system.Api.Letter;
import homework.arch.system.Api.Order;
import homework.arch.system.Api.User;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What a user's mailbox must hold: every event had its effect once. */
final class Letters {

    private Letters() {
    }

    /** Exactly one letter per order and no other, to the user's address, of the kind the order's outcome calls for. */
    static void assertOnePerOrder(User user, List<Order> orders, List<Letter> letters) {
        Map<UUID, Order> byId = orders.stream().collect(Collectors.toMap(Order::id, Function.identity()));
        assertThat(letters).as("the orders of the letters to %s", user.email())
                .extracting(Letter::orderId).containsExactlyInAnyOrderElementsOf(byId.keySet());
        assertThat(letters).as("the letters to %s", user.email()).allSatisfy(letter -> {
            assertThat(letter.userId()).isEqualTo(user.id());
            assertThat(letter.email()).isEqualTo(user.email());
            assertThat(letter.type()).isEqualTo("ORDER_" + byId.get(letter.orderId()).status());
        });
    }
}
