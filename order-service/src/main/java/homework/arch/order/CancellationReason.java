package homework.arch.order;

import java.util.Locale;

/**
 * Why an order was cancelled, in this service's own closed vocabulary: billing's codes are many and may grow, while
 * the reason of an order is shown to its owner and explained in a letter by notification-service, which must know
 * every one (docs/contracts/order-cancellation-reasons.txt).
 */
public enum CancellationReason {

    /** The account had not enough available money. */
    INSUFFICIENT_FUNDS,
    /** The user has no billing account. */
    ACCOUNT_NOT_FOUND,
    /** Billing declined the payment for another reason. */
    PAYMENT_DECLINED,
    /** Billing refused to consider the payment at all (the request was not acceptable to it). */
    PAYMENT_REJECTED;

    /** The code as it appears in the API and in events, e.g. {@code insufficient_funds}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A payment billing declined, by the code billing gave (null when it gave none). */
    public static CancellationReason ofDecline(String billingCode) {
        return known(billingCode, PAYMENT_DECLINED);
    }

    /** A payment request billing refused, by its problem code. */
    public static CancellationReason ofRefusal(String billingCode) {
        return known(billingCode, PAYMENT_REJECTED);
    }

    private static CancellationReason known(String billingCode, CancellationReason otherwise) {
        if (INSUFFICIENT_FUNDS.code().equals(billingCode)) {
            return INSUFFICIENT_FUNDS;
        }
        if (ACCOUNT_NOT_FOUND.code().equals(billingCode)) {
            return ACCOUNT_NOT_FOUND;
        }
        return otherwise;
    }
}
