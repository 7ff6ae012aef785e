package homework.arch.billing.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import homework.arch.billing.Payment;
import homework.arch.billing.PaymentStatus;
import homework.arch.infra.money.CurrencyUnit;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** @param reason why a DECLINED payment was declined, e.g. {@code insufficient_funds}; absent otherwise */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PaymentResponse(UUID paymentId, UUID orderId, UUID userId, BigDecimal amount, String currency,
        PaymentStatus status, String reason, Instant createdAt) {

    public static PaymentResponse of(Payment payment, CurrencyUnit currency) {
        return new PaymentResponse(payment.id(), payment.orderId(), payment.userId(),
                currency.toDecimal(payment.amount()), currency.code(), payment.status(), payment.reason(),
                payment.createdAt());
    }
}
