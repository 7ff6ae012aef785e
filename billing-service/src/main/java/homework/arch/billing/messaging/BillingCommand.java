package homework.arch.billing.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * A command on the {@code billing.commands} queue as its sender wrote it. Which fields a type needs is
 * {@link CommandType}'s business; a field that is not listed here refuses the command.
 *
 * @param operationId      the idempotency key: the same id with the same command from the same sender (AMQP
 *                         {@code user_id}) is applied once; other senders' ids, and REST Idempotency-Keys, are others
 * @param userId           the account; a transfer's payer; the owner of the hold a CAPTURE or RELEASE names
 * @param holdId           the hold to capture or release; for HOLD the new hold's id (default: the operation id
 *                         when that is a UUID, else a random one)
 * @param expiresInSeconds HOLD only; default {@code billing.holds.default-expires-in}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BillingCommand(String operationId, String type, UUID userId, UUID toUserId, BigDecimal amount,
        UUID holdId, Long expiresInSeconds) {
}
