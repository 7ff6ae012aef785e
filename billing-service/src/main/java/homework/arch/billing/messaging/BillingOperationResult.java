package homework.arch.billing.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import homework.arch.billing.api.BalanceResponse;
import homework.arch.infra.problem.Problem;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The result of one command, on exchange {@code billing.results} with routing key {@code <type>.<status>} in lower
 * case (and to the command's {@code reply_to}, if it had one). Every result of one operation id has the same content;
 * only {@code eventId} and {@code occurredAt} (when this event was written) differ.
 *
 * @param type       the command's type as sent (null if it had none)
 * @param reason     REJECTED only: the stable code, e.g. {@code insufficient_funds} or {@code validation_failed}
 * @param detail     REJECTED only: for humans
 * @param violations REJECTED with {@code validation_failed} only: each field's problem
 * @param userId     the account (a transfer's payer, a hold's owner)
 * @param holdId     the hold a HOLD placed or a CAPTURE or RELEASE changed
 * @param amount     what the operation moved: the deposit, withdrawal, transfer or hold amount, what a capture took,
 *                   what a release gave back
 * @param balances   SUCCEEDED: each account the operation touched, right after it; REJECTED: empty
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BillingOperationResult(UUID eventId, String eventType, Instant occurredAt, String operationId,
        String type, Status status, String reason, String detail, List<Problem.Violation> violations, UUID userId,
        UUID toUserId, UUID holdId, BigDecimal amount, String currency, Map<UUID, BalanceResponse> balances) {

    public static final String EVENT_TYPE = "BillingOperationResult";
    /** The first part of the routing key of a result whose command had no known type. */
    public static final String UNKNOWN_TYPE = "unknown";

    public enum Status {
        SUCCEEDED, REJECTED
    }

    /** {@code <type>.<status>}, lower case, e.g. {@code withdraw.rejected}. */
    public String routingKey() {
        String typePart = CommandType.named(type).map(CommandType::routingName).orElse(UNKNOWN_TYPE);
        return typePart + "." + status.name().toLowerCase(Locale.ROOT);
    }

    /** The same result as another event. */
    public BillingOperationResult asNewEvent() {
        return new BillingOperationResult(UUID.randomUUID(), eventType, Instant.now(), operationId, type, status, reason,
                detail, violations, userId, toUserId, holdId, amount, currency, balances);
    }
}
