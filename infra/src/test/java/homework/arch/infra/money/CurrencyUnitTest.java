package homework.arch.infra.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CurrencyUnitTest {

    private final CurrencyUnit usd = CurrencyUnit.of("USD");

    @Test
    void amountsBecomeExactMinorUnitsAndBack() {
        assertThat(usd.toMinor(new BigDecimal("10.05"))).isEqualTo(1005);
        assertThat(usd.toMinor(new BigDecimal("0.1"))).isEqualTo(10);
        assertThat(usd.toMinor(new BigDecimal("1E+2"))).isEqualTo(10_000);
        assertThat(usd.toMinor(new BigDecimal("7.500"))).isEqualTo(750);
        assertThat(usd.toDecimal(1005)).isEqualByComparingTo("10.05").hasToString("10.05");
        assertThat(usd.toMinor(CurrencyUnit.MAX_AMOUNT)).isEqualTo(100_000_000_000_000L);
    }

    @Test
    void anAmountIsPositiveWithAtMostTwoDecimalsAndBounded() {
        assertThat(usd.problemWith(new BigDecimal("0"))).contains("must be greater than 0");
        assertThat(usd.problemWith(new BigDecimal("-1"))).contains("must be greater than 0");
        assertThat(usd.problemWith(new BigDecimal("0.001"))).contains("must have at most 2 decimal places");
        assertThat(usd.problemWith(CurrencyUnit.MAX_AMOUNT.add(new BigDecimal("0.01"))))
                .contains("must not exceed 1000000000000");
        assertThat(usd.problemWith(null)).contains("must not be null");
        assertThat(usd.problemWith(new BigDecimal("0.01"))).isEmpty();
    }

    @Test
    void anInvalidAmountIsNotConverted() {
        assertThatThrownBy(() -> usd.toMinor(new BigDecimal("1.234"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 2 decimal places");
    }

    @Test
    void everyCurrencyKeepsItsOwnMinorUnit() {
        CurrencyUnit dinar = CurrencyUnit.of("KWD");

        assertThat(dinar.toMinor(new BigDecimal("10.25"))).isEqualTo(10_250);
        assertThat(dinar.toDecimal(10_250)).hasToString("10.250");
        assertThat(dinar.format(new BigDecimal("10.25"))).isEqualTo("10.250 KWD");
        assertThat(dinar.isWholeMinorUnits(new BigDecimal("10.250"))).isTrue();
        assertThat(dinar.isWholeMinorUnits(new BigDecimal("10.2501"))).isFalse();
        assertThat(dinar.problemWith(new BigDecimal("10.255"))).contains("must have at most 2 decimal places");
        assertThat(CurrencyUnit.of("JPY").format(new BigDecimal("1500"))).isEqualTo("1500 JPY");
        assertThat(CurrencyUnit.of("JPY").isWholeMinorUnits(new BigDecimal("1500.5"))).isFalse();
        assertThat(usd.format(new BigDecimal("30.5"))).isEqualTo("30.50 USD");
    }

    @Test
    void aCurrencyWithoutCentsTakesWholeAmountsOnly() {
        CurrencyUnit yen = CurrencyUnit.of("JPY");

        assertThat(yen.toMinor(new BigDecimal("1500"))).isEqualTo(1500);
        assertThat(yen.problemWith(new BigDecimal("1.5"))).contains("must have at most 0 decimal places");
        assertThat(yen.toDecimal(1500)).hasToString("1500");
    }

    @Test
    void onlyIsoCurrenciesWithAMinorUnitAreAccepted() {
        assertThatThrownBy(() -> CurrencyUnit.of("XYZ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CurrencyUnit.of("XAU")).isInstanceOf(IllegalArgumentException.class);
    }
}
