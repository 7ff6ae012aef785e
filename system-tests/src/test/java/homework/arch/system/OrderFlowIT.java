package homework.arch.system;

import static org.assertj.core.api.Assertions.assertThat;

import homework.arch.system.Api.Account;
import homework.arch.system.Api.Letter;
import homework.arch.system.Api.Order;
import homework.arch.system.Api.User;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The order flow across the four packaged services, through the ingress: user-service opens the billing account,
 * order-service pays through billing, and notification-service writes the letter from the order's event and the
 * user's email from the user's event.
 */
@ExtendWith(StackReady.class)
class OrderFlowIT {

    private static final Duration LETTER_WAIT = Duration.ofSeconds(30);

    private final Api api = new Api("order-flow");

    @Test
    void aNewUserHasAnEmptyBillingAccount() {
        User user = api.createUser("Nadia New");

        Account account = api.account(user.id());

        assertThat(account.balance()).isZero();
        assertThat(account.available()).isZero();
        assertThat(account.held()).isZero();
    }

    @Test
    void anOrderThatFitsIsPaidFromTheBalanceAndTheUserGetsAHappyLetter() {
        User user = userWith("Paula Paid", "100.00");

        Order order = api.placeOrder(user.id(), new BigDecimal("30.50"));

        assertThat(order.status()).isEqualTo("PAID");
        assertThat(order.reason()).isNull();
        assertThat(api.account(user.id())).satisfies(account -> {
            assertThat(account.balance()).isEqualByComparingTo("69.50");
            assertThat(account.available()).isEqualByComparingTo("69.50");
        });
        Letter letter = onlyLetter(user, order);
        assertThat(letter.type()).isEqualTo("ORDER_PAID");
        assertThat(letter.subject()).containsIgnoringCase("paid");
        assertThat(letter.body()).contains("30.50 " + order.currency());
    }

    @Test
    void anOrderThatDoesNotFitIsCancelledWithoutTakingMoneyAndTheUserGetsASadLetterSayingWhy() {
        User user = userWith("Carl Cancelled", "100.00");

        Order order = api.placeOrder(user.id(), new BigDecimal("1000"));

        assertThat(order.status()).isEqualTo("CANCELLED");
        assertThat(order.reason()).isEqualTo("insufficient_funds");
        assertThat(api.account(user.id()).balance()).isEqualByComparingTo("100.00");
        Letter letter = onlyLetter(user, order);
        assertThat(letter.type()).isEqualTo("ORDER_CANCELLED");
        assertThat(letter.subject()).containsIgnoringCase("cancelled");
        assertThat(letter.body()).contains("not enough money");
    }

    private User userWith(String name, String deposit) {
        User user = api.createUser(name);
        api.deposit(user.id(), new BigDecimal(deposit));
        return user;
    }

    /** The order's letter, addressed to the user, and no other letter: one order, one letter. */
    private Letter onlyLetter(User user, Order order) {
        List<Letter> letters = api.awaitLetters(user, List.of(order), LETTER_WAIT);
        Letters.assertOnePerOrder(user, List.of(order), letters);
        return letters.get(0);
    }
}
