package homework.arch.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BillingOperationTest {

    private static final UUID USER = UUID.randomUUID();

    @Test
    void equalAmountsGiveEqualFingerprints() {
        assertThat(new BillingOperation.Deposit(USER, new BigDecimal("10")).fingerprint())
                .isEqualTo(new BillingOperation.Deposit(USER, new BigDecimal("10.00")).fingerprint())
                .isEqualTo("DEPOSIT|" + USER + "|10");
    }

    @Test
    void anyDifferenceGivesAnotherFingerprint() {
        String deposit = new BillingOperation.Deposit(USER, new BigDecimal("10")).fingerprint();

        assertThat(new BillingOperation.Deposit(USER, new BigDecimal("10.01")).fingerprint()).isNotEqualTo(deposit);
        assertThat(new BillingOperation.Deposit(UUID.randomUUID(), BigDecimal.TEN).fingerprint())
                .isNotEqualTo(deposit);
        assertThat(new BillingOperation.Withdrawal(USER, BigDecimal.TEN).fingerprint()).isNotEqualTo(deposit);
    }

    @Test
    void absentParametersAreEmptyButKeepTheirPlace() {
        UUID hold = UUID.randomUUID();

        assertThat(new BillingOperation.CaptureHold(hold, null, null).fingerprint())
                .isEqualTo("CAPTURE|" + hold + "||");
        assertThat(new BillingOperation.ReleaseHold(hold, USER).fingerprint())
                .isNotEqualTo(new BillingOperation.ReleaseHold(hold, null).fingerprint());
        assertThat(new BillingOperation.PlaceHold(null, USER, BigDecimal.ONE, null).fingerprint())
                .isNotEqualTo(new BillingOperation.PlaceHold(null, USER, BigDecimal.ONE, 60L).fingerprint());
    }
}
