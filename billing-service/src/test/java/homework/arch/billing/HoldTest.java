package homework.arch.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class HoldTest {

    private static final UUID USER = UUID.randomUUID();
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant LATER = NOW.plusSeconds(30);
    private static final Instant EXPIRED = NOW.plusSeconds(60);

    private final Hold hold = Hold.place(UUID.randomUUID(), USER, 100, Duration.ofSeconds(60), NOW);

    @Test
    void placingBlocksTheAmount() {
        assertThat(hold.status()).isEqualTo(HoldStatus.HELD);
        assertThat(hold.expiresAt()).isEqualTo(EXPIRED);
        Movement placement = hold.placement();
        assertThat(placement.type()).isEqualTo(TransactionType.HOLD);
        assertThat(placement.legs()).containsExactly(new Movement.Leg(USER, new BalanceChange(-100, 100)));
        assertThat(placement.systemChange()).isZero();
    }

    @Test
    void aFullCaptureTakesEverything() {
        Movement capture = hold.capture(null, LATER);

        assertThat(hold.status()).isEqualTo(HoldStatus.CAPTURED);
        assertThat(hold.capturedAmount()).isEqualTo(100);
        assertThat(capture.amount()).isEqualTo(100);
        assertThat(capture.legs()).containsExactly(new Movement.Leg(USER, new BalanceChange(0, -100)));
        assertThat(capture.systemChange()).isEqualTo(100);
    }

    @Test
    void aPartialCaptureReleasesTheRest() {
        Movement capture = hold.capture(30L, LATER);

        assertThat(hold.capturedAmount()).isEqualTo(30);
        assertThat(capture.amount()).isEqualTo(30);
        assertThat(capture.legs()).containsExactly(new Movement.Leg(USER, new BalanceChange(70, -100)));
        assertThat(capture.systemChange()).isEqualTo(30);
    }

    @Test
    void aCaptureCannotTakeMoreThanIsHeld() {
        assertRejected(() -> hold.capture(101L, LATER), "capture_exceeds_hold");
        assertThat(hold.status()).isEqualTo(HoldStatus.HELD);
    }

    @Test
    void anExpiredHoldCannotBeCaptured() {
        assertRejected(() -> hold.capture(null, EXPIRED), "hold_expired");
        assertThat(hold.status()).isEqualTo(HoldStatus.HELD);
    }

    @Test
    void aHoldIsCapturedOrReleasedOnce() {
        hold.capture(null, LATER);
        assertRejected(() -> hold.capture(null, LATER), "hold_not_active");
        assertRejected(() -> hold.release(LATER), "hold_not_active");

        Hold other = Hold.place(UUID.randomUUID(), USER, 100, Duration.ofSeconds(60), NOW);
        other.release(LATER);
        assertRejected(() -> other.release(LATER), "hold_not_active");
        assertRejected(() -> other.capture(null, LATER), "hold_not_active");
    }

    @Test
    void releasingGivesEverythingBack() {
        Movement release = hold.release(LATER);

        assertThat(hold.status()).isEqualTo(HoldStatus.RELEASED);
        assertThat(release.type()).isEqualTo(TransactionType.RELEASE);
        assertThat(release.legs()).containsExactly(new Movement.Leg(USER, new BalanceChange(100, -100)));
    }

    @Test
    void anExpiredHoldIsReleasedByExpiryOnly() {
        assertThatThrownBy(() -> hold.expire(LATER)).isInstanceOf(IllegalStateException.class);

        Movement expiry = hold.expire(EXPIRED);

        assertThat(hold.status()).isEqualTo(HoldStatus.RELEASED);
        assertThat(expiry.type()).isEqualTo(TransactionType.EXPIRY);
        assertThat(expiry.legs()).containsExactly(new Movement.Leg(USER, new BalanceChange(100, -100)));
        assertRejected(() -> hold.capture(null, EXPIRED), "hold_expired");
    }

    @Test
    void aHoldLastsOneSecondToThirtyDays() {
        assertRejected(() -> Hold.place(UUID.randomUUID(), USER, 1, Duration.ZERO, NOW), "invalid_expiry");
        assertRejected(() -> Hold.place(UUID.randomUUID(), USER, 1, Duration.ofDays(31), NOW), "invalid_expiry");
        assertThat(Hold.place(UUID.randomUUID(), USER, 1, Duration.ofDays(30), NOW).expiresAt())
                .isEqualTo(NOW.plus(Duration.ofDays(30)));
    }

    private static void assertRejected(ThrowingCallable call, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(Rejection.class,
                e -> assertThat(e.problem().code()).isEqualTo(code));
    }
}
