package homework.arch.order.client;

import java.math.BigDecimal;
import java.util.UUID;

/** The order id is the payment's idempotency key: every retry for one order is the same payment. */
public record PaymentRequest(UUID orderId, UUID userId, BigDecimal amount) {
}
