package homework.arch.infra.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Optional;

/**
 * The deployment's one currency (ISO 4217) and its minor unit: cents for USD, none for JPY, fils (three digits) for
 * KWD. Amounts arrive as exact decimals and are kept by every service as integer minor units; this is the only place
 * that converts between the two, and that decides what an acceptable amount is.
 */
public record CurrencyUnit(String code, int fractionDigits) {

    /** The largest amount of one operation, in major units: its minor units fit a bigint many times over. */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");
    /** The API takes at most cents, whatever the currency's minor unit. */
    public static final int MAX_DECIMALS = 2;
    // With at most 4 digits, MAX_AMOUNT and any balance limit of up to 10^14 major units stay below 10^18 minor units.
    private static final int MAX_FRACTION_DIGITS = 4;

    public CurrencyUnit {
        if (fractionDigits < 0 || fractionDigits > MAX_FRACTION_DIGITS) {
            throw new IllegalArgumentException("Currency " + code + " has no usable minor unit");
        }
    }

    /** @throws IllegalArgumentException for anything but an ISO 4217 code of a currency with a minor unit */
    public static CurrencyUnit of(String code) {
        Currency currency = Currency.getInstance(code);
        return new CurrencyUnit(currency.getCurrencyCode(), currency.getDefaultFractionDigits());
    }

    public int maxDecimals() {
        return Math.min(MAX_DECIMALS, fractionDigits);
    }

    /** Why {@code amount} is not an acceptable amount, or empty if it is. */
    public Optional<String> problemWith(BigDecimal amount) {
        if (amount == null) {
            return Optional.of("must not be null");
        }
        if (amount.signum() <= 0) {
            return Optional.of("must be greater than 0");
        }
        if (amount.stripTrailingZeros().scale() > maxDecimals()) {
            return Optional.of("must have at most " + maxDecimals() + " decimal places");
        }
        if (amount.compareTo(MAX_AMOUNT) > 0) {
            return Optional.of("must not exceed " + MAX_AMOUNT.toPlainString());
        }
        return Optional.empty();
    }

    /** @throws IllegalArgumentException when {@link #problemWith} finds a problem: validate first */
    public long toMinor(BigDecimal amount) {
        problemWith(amount).ifPresent(problem -> {
            throw new IllegalArgumentException("amount " + problem + ": " + amount);
        });
        return amount.movePointRight(fractionDigits).longValueExact();
    }

    /**
     * Whether {@code amount} is a whole number of minor units: what an amount this deployment published can be (it
     * renders them with all of the currency's digits, 10.500 KWD).
     */
    public boolean isWholeMinorUnits(BigDecimal amount) {
        return amount.stripTrailingZeros().scale() <= fractionDigits;
    }

    /** {@code amount} with exactly the currency's digits, as a person reads it: 10.50 USD, 1500 JPY, 10.500 KWD. */
    public String format(BigDecimal amount) {
        return amount.setScale(fractionDigits, RoundingMode.UNNECESSARY).toPlainString() + " " + code;
    }

    /** A limit from the configuration (not an operation amount), rounded down to whole minor units. */
    public long limitToMinor(BigDecimal limit) {
        return limit.movePointRight(fractionDigits).setScale(0, RoundingMode.DOWN).longValueExact();
    }

    public BigDecimal toDecimal(long minorUnits) {
        return BigDecimal.valueOf(minorUnits, fractionDigits);
    }
}
