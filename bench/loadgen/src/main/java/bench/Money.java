package bench;

import java.math.BigDecimal;

/** Amounts as the API takes them: JSON numbers with two decimals; the bench counts in minor units. */
final class Money {

    private Money() {
    }

    static BigDecimal render(long minorUnits) {
        return BigDecimal.valueOf(minorUnits, 2);
    }

    static long minor(String amount) {
        return new BigDecimal(amount).movePointRight(2).longValueExact();
    }
}
