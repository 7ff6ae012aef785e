package homework.arch.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MovementTest {

    private static final UUID ALICE = UUID.randomUUID();
    private static final UUID BOB = UUID.randomUUID();
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void transactionIdsAreTimeOrderedAndUnique() {
        List<UUID> ids = IntStream.range(0, 10_000).mapToObj(i -> Movement.deposit(ALICE, 1).id())
                .toList();

        assertThat(ids).allMatch(id -> id.version() == 7).doesNotHaveDuplicates();
        // PostgreSQL compares uuids as unsigned bytes; so does this, and the ids come out in the order they were made.
        assertThat(ids).isSortedAccordingTo(Comparator.comparing(UUID::toString));
    }

    @Test
    void aDepositComesFromTheSystemAccount() {
        Movement deposit = Movement.deposit(ALICE, 500);

        assertThat(deposit.legs()).containsExactly(new Movement.Leg(ALICE, new BalanceChange(500, 0)));
        assertThat(deposit.systemChange()).isEqualTo(-500);
    }

    @Test
    void withdrawalsAndPaymentsGoToTheSystemAccount() {
        assertThat(Movement.withdrawal(ALICE, 500).systemChange()).isEqualTo(500);
        Movement payment = Movement.payment(UUID.randomUUID(), ALICE, 70);
        assertThat(payment.legs()).containsExactly(new Movement.Leg(ALICE, new BalanceChange(-70, 0)));
        assertThat(payment.systemChange()).isEqualTo(70);
    }

    @Test
    void aTransferMovesMoneyBetweenUsersOnly() {
        Movement transfer = Movement.transfer(ALICE, BOB, 300);

        assertThat(transfer.legs()).containsExactly(new Movement.Leg(ALICE, new BalanceChange(-300, 0)),
                new Movement.Leg(BOB, new BalanceChange(300, 0)));
        assertThat(transfer.systemChange()).isZero();
    }

    @Test
    void aTransferNeedsTwoAccounts() {
        assertThatThrownBy(() -> Movement.transfer(ALICE, ALICE, 1))
                .isInstanceOfSatisfying(Rejection.class, e -> assertThat(e.problem().code()).isEqualTo("same_account"));
    }

    @Test
    void everyMovementBalances() {
        Hold captured = Hold.place(UUID.randomUUID(), ALICE, 100, Duration.ofMinutes(1), NOW);
        Hold released = Hold.place(UUID.randomUUID(), ALICE, 100, Duration.ofMinutes(1), NOW);
        List<Movement> movements = List.of(Movement.deposit(ALICE, 1), Movement.withdrawal(ALICE, 2),
                Movement.transfer(ALICE, BOB, 3), Movement.payment(UUID.randomUUID(), ALICE, 4),
                captured.placement(), captured.capture(40L, NOW), released.release(NOW));
        for (Movement movement : movements) {
            long users = movement.legs().stream().mapToLong(leg -> leg.change().total()).sum();
            assertThat(users + movement.systemChange()).as(movement.type().name()).isZero();
        }
    }

    @Test
    void amountsArePositive() {
        assertThatThrownBy(() -> Movement.deposit(ALICE, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
