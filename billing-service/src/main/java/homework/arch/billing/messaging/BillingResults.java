package homework.arch.billing.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    /**
     * The result of an applied (or replayed) operation, made from the answer recorded under its operation id (the
     * document the REST API would give a trusted system), so that a replay's result has the first one's content.
     */
    public BillingOperationResult of(ReceivedCommand received, Reply reply) {
        if (reply.isProblem()) {
            return rejected(received, read(reply.body(), Problem.class));
        }
        CommandType type = CommandType.named(received.command().type()).orElseThrow();
        return switch (type) {
            case OPEN_ACCOUNT -> {
                AccountResponse account = read(reply.body(), AccountResponse.class);
                yield succeeded(received, account.userId(), null, null, null, Map.of(account.userId(),
                        new BalanceResponse(account.available(), account.held(), account.balance())));
            }
            case HOLD, CAPTURE, RELEASE -> {
                HoldResponse hold = read(reply.body(), HoldResponse.class);
                BigDecimal moved = type == CommandType.CAPTURE ? hold.capturedAmount() : hold.amount();
                yield succeeded(received, hold.userId(), null, hold.id(), moved, hold.balances());
            }
            case DEPOSIT, WITHDRAW, TRANSFER -> {
                TransactionResponse transaction = read(reply.body(), TransactionResponse.class);
                yield succeeded(received, transaction.userId(), transaction.toUserId(), null, transaction.amount(),
                        transaction.balances());
            }
        };
    }

    /**
     * A recorded answer as a {@code type}. Recorded bytes are read leniently, unlike a request: they may have been
     * recorded by an earlier version of this service (within the retention), whose answer had a field that this
     * version renamed or removed. Such a field is skipped, one this version added is null, and the bytes themselves
     * are replayed unchanged wherever a reply goes.
     */
    <T> T read(String body, Class<T> type) {
        try {
            return mapper.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A recorded answer is not a " + type.getSimpleName() + ": " + body, e);
        }
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

    /** Sends the results of a committed transaction now. */
    public void committed() {
        outbox.committed();
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
        Map<String, String> headers = new HashMap<>(received.trace());
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
