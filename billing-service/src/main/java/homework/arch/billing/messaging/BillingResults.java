package homework.arch.billing.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import homework.arch.billing.BillingOperation;
import homework.arch.infra.money.CurrencyUnit;
import homework.arch.billing.api.AccountResponse;
import homework.arch.billing.api.BalanceResponse;
import homework.arch.billing.api.HoldResponse;
import homework.arch.billing.api.TransactionResponse;
import homework.arch.billing.service.Reply;
import homework.arch.infra.correlation.CorrelationId;
import homework.arch.infra.outbox.Outbox;
import homework.arch.infra.outbox.OutboxMessage;
import homework.arch.infra.problem.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns answers into {@link BillingOperationResult}s and writes them to the outbox, inside the transaction of the
 * command's effect. A result is made from the operation's answer (the content of the bytes recorded under the
 * operation id, as a trusted sender sees it: every account touched), so a repeated operation id gets a result with the
 * same content as the first.
 */
@ApplicationScoped
public class BillingResults {

    public static final String EXCHANGE = "billing.results";
    /** Set (to {@code true}) on a result that repeats the recorded answer of an earlier execution. */
    public static final String REPLAYED_HEADER = "x-replayed";
    static final String AGGREGATE = "BillingOperation";

    private final Outbox outbox;
    private final ObjectMapper mapper;
    private final CurrencyUnit currency;

    public BillingResults(Outbox outbox, ObjectMapper mapper, CurrencyUnit currency) {
        this.outbox = outbox;
        this.mapper = mapper;
        this.currency = currency;
    }

    /** The result of an applied (or replayed) operation. */
    public BillingOperationResult of(ReceivedCommand received, Reply reply) {
        if (reply.isProblem()) {
            return rejected(received, reply.body(Problem.class, mapper));
        }
        BillingOperation operation = received.command().operation();
        if (operation instanceof BillingOperation.OpenAccount) {
            AccountResponse account = reply.body(AccountResponse.class, mapper);
            return succeeded(received, account.userId(), null, null, null, Map.of(account.userId(),
                    new BalanceResponse(account.available(), account.held(), account.balance())));
        }
        if (operation instanceof BillingOperation.PlaceHold || operation instanceof BillingOperation.CaptureHold
                || operation instanceof BillingOperation.ReleaseHold) {
            HoldResponse hold = reply.body(HoldResponse.class, mapper);
            BigDecimal moved = operation instanceof BillingOperation.CaptureHold ? hold.capturedAmount() : hold.amount();
            return succeeded(received, hold.userId(), null, hold.id(), moved, hold.balances());
        }
        TransactionResponse transaction = reply.body(TransactionResponse.class, mapper);
        return succeeded(received, transaction.userId(), transaction.toUserId(), null, transaction.amount(),
                transaction.balances());
    }

    /** A command that was not applied: the problem's code is the reason. */
    public BillingOperationResult rejected(ReceivedCommand received, Problem problem) {
        ParsedCommand.Command command = received.command();
        BillingCommand fields = command.fields();
        return new BillingOperationResult(UUID.randomUUID(), BillingOperationResult.EVENT_TYPE, Instant.now(),
                command.operationId(), command.type(), BillingOperationResult.Status.REJECTED, problem.code(),
                problem.detail(), problem.violations(), fields == null ? null : fields.userId(),
                fields == null ? null : fields.toUserId(), fields == null ? null : fields.holdId(),
                fields == null ? null : amountAsRecorded(fields.amount()), currency.code(), Map.of());
    }

    /**
     * Writes the result to the outbox for {@code billing.results} and, if the command asked for it, for its
     * {@code reply_to} queue with its {@code correlation_id}. Must run inside the transaction of the effect.
     */
    public Uni<Void> publish(ReceivedCommand received, BillingOperationResult result, boolean replayed) {
        return outbox.enqueueAll(messages(received, result, replayed));
    }

    /** A published result, for {@link #publishAll}. */
    public record Published(ReceivedCommand received, BillingOperationResult result, boolean replayed) {
    }

    /** {@link #publish} for many results at once (one round trip, for batches), in their order. */
    public Uni<Void> publishAll(List<Published> published) {
        return outbox.enqueueAll(published.stream()
                .flatMap(p -> messages(p.received(), p.result(), p.replayed()).stream()).toList());
    }

    private static List<OutboxMessage> messages(ReceivedCommand received, BillingOperationResult result,
            boolean replayed) {
        Map<String, String> headers = new HashMap<>();
        headers.put(CorrelationId.MESSAGE_HEADER, received.correlationId());
        if (replayed) {
            headers.put(REPLAYED_HEADER, "true");
        }
        OutboxMessage event = new OutboxMessage(result.eventId(), AGGREGATE, result.operationId(),
                BillingOperationResult.EVENT_TYPE, EXCHANGE, result.routingKey(), result, headers);
        if (received.replyTo() == null) {
            return List.of(event);
        }
        // The relay sets the AMQP correlation_id from this header: the requester's own id, as it sent it.
        Map<String, String> replyHeaders = new HashMap<>(headers);
        if (received.replyCorrelationId() != null) {
            replyHeaders.put(CorrelationId.MESSAGE_HEADER, received.replyCorrelationId());
        }
        BillingOperationResult reply = result.asNewEvent();
        return List.of(event, new OutboxMessage(reply.eventId(), AGGREGATE, reply.operationId(),
                BillingOperationResult.EVENT_TYPE, "", received.replyTo(), reply, replyHeaders));
    }

    private BillingOperationResult succeeded(ReceivedCommand received, UUID userId, UUID toUserId, UUID holdId,
            BigDecimal amount, Map<UUID, BalanceResponse> balances) {
        ParsedCommand.Command command = received.command();
        return new BillingOperationResult(UUID.randomUUID(), BillingOperationResult.EVENT_TYPE, Instant.now(),
                command.operationId(), command.type(), BillingOperationResult.Status.SUCCEEDED, null, null, null,
                userId, toUserId, holdId, amount, currency.code(), balances);
    }

    /** An amount in the form the ledger records it (10 → 10.00), so that equal commands give equal results. */
    private BigDecimal amountAsRecorded(BigDecimal amount) {
        return amount == null || currency.problemWith(amount).isPresent() ? amount
                : currency.toDecimal(currency.toMinor(amount));
    }
}
