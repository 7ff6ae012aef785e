package homework.arch.order.service;

import java.math.BigDecimal;
import java.util.UUID;

/** A request to place an order; {@code id} is optional (generated, or derived from an Idempotency-Key). */
public record PlaceOrder(UUID id, UUID userId, BigDecimal price) {

    /** Equal requests give equal fingerprints: a price of 10 and of 10.00 is the same request. */
    String fingerprint() {
        return "PLACE_ORDER|" + (id == null ? "" : id) + "|" + userId + "|" + price.stripTrailingZeros().toPlainString();
    }
}
