package homework.arch.billing.service;

import homework.arch.billing.BillingOperation;
import homework.arch.billing.messaging.BillingOperationResult;
import homework.arch.billing.messaging.BillingResults;
import homework.arch.billing.messaging.ParsedCommand;
import homework.arch.billing.messaging.ReceivedCommand;
import homework.arch.infra.auth.IdempotencyScopes;
import homework.arch.infra.correlation.CorrelationId;
import homework.arch.infra.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Applies commands from the queue through {@link BillingService#execute}, the same rules and idempotency records as
 * the REST API, and writes each command's result to the outbox in the same transaction as its effect.
 * <p>
 * A command's operation id belongs to its sender, as the broker validated it (the AMQP {@code user_id}): two senders'
 * equal ids are two operations, and neither sender's id is a REST client's Idempotency-Key. Senders are trusted
 * systems: a result shows every account the operation touched (a transfer's payee too).
 */
@ApplicationScoped
public class CommandService {

    // The one failure of execute that is the command's fault rather than the moment's: its operation id names an
    // earlier, different operation. Nothing was written, so the batch goes on with a REJECTED result.
    private static final String KEY_REUSED = "idempotency_key_reused";

    private final BillingService billing;
    private final BillingResults results;
    private final OperationMetrics metrics;

    public CommandService(BillingService billing, BillingResults results, OperationMetrics metrics) {
        this.billing = billing;
        this.results = results;
        this.metrics = metrics;
    }

    /**
     * How one command was answered: its result, and whether that repeats an earlier execution's answer.
     *
     * @param operation the operation it asked for, null when it could not be read
     * @param reply     billing's answer to the operation, null when there was none (unreadable, or a reused id)
     */
    public record Outcome(BillingOperationResult result, boolean replayed, BillingOperation operation, Reply reply) {

        static Outcome rejected(BillingOperationResult result, BillingOperation operation) {
            return new Outcome(result, false, operation, null);
        }
    }

    /**
     * Applies {@code commands} in ONE transaction, in their order, each with its result in the outbox, and completes
     * after the commit. Everything they touch is locked first ({@link BillingService#lockFor}); between commands the
     * session is flushed and cleared, so each one reads the database as if it ran alone. A failure fails the whole
     * batch and nothing of it is committed: the caller may apply the commands again, one by one (an operation that
     * did commit after all is then replayed, not applied twice). The answers are counted in the operation metrics
     * after the commit, so a batch that rolls back and is applied again is counted once.
     */
    public Uni<List<Outcome>> apply(List<ReceivedCommand> commands) {
        return applyInTransaction(commands).invoke(outcomes -> outcomes.stream()
                .filter(outcome -> outcome.reply() != null)
                .forEach(outcome -> metrics.answered(outcome.operation(), outcome.reply())));
    }

    private Uni<List<Outcome>> applyInTransaction(List<ReceivedCommand> commands) {
        List<BillingService.IdentifiedOperation> operations = commands.stream()
                .filter(received -> received.command().operation() != null)
                .map(received -> new BillingService.IdentifiedOperation(requester(received),
                        received.command().operationId(), received.command().operation()))
                .toList();
        if (movementsOnly(commands, operations)) {
            return Panache.withTransaction(() -> applyMovements(commands, operations));
        }
        return Panache.withTransaction(() -> billing.lockFor(operations)
                .chain(() -> Multi.createFrom().iterable(commands)
                        .onItem().transformToUniAndConcatenate(this::applyOne)
                        .collect().asList()));
    }

    /** Whose operation id a command's is: its sender's, who may see every account (see the class comment). */
    static Requester requester(ReceivedCommand received) {
        return Requester.system(IdempotencyScopes.ofSender(BillingService.IDEMPOTENCY_SERVICE, received.sender()));
    }

    /**
     * A batch of deposits, withdrawals and transfers (and commands rejected as read), each with an operation id of its
     * own (among its sender's), the usual case: {@link BillingService#executeAll} applies them in a few statements,
     * and their results go to the outbox in one more, in the same transaction. The batch may mix senders.
     */
    private static boolean movementsOnly(List<ReceivedCommand> commands,
            List<BillingService.IdentifiedOperation> operations) {
        return commands.size() > 1
                && operations.stream().allMatch(o -> BillingService.isMovement(o.operation()))
                && operations.stream().map(o -> List.of(o.requester().idempotencyScope(), o.operationId()))
                        .distinct().count() == operations.size();
    }

    private Uni<List<Outcome>> applyMovements(List<ReceivedCommand> commands,
            List<BillingService.IdentifiedOperation> operations) {
        List<Outcome> outcomes = new ArrayList<>();
        return billing.executeAll(operations, replies -> {
            Iterator<Reply> next = replies.iterator();
            return Multi.createFrom().iterable(commands).onItem().transformToUniAndConcatenate(received -> {
                Reply reply = received.command().operation() == null ? null : next.next();
                // Rejected as read, or claimed before this batch (replayed, or a reused id): answered one by one.
                return reply == null ? answer(received) : Uni.createFrom().item(
                        new Outcome(results.of(received, reply), false, received.command().operation(), reply));
            }).collect().asList().chain(answered -> {
                outcomes.addAll(answered);
                List<BillingResults.Published> published = new ArrayList<>();
                for (int i = 0; i < commands.size(); i++) {
                    published.add(new BillingResults.Published(commands.get(i), answered.get(i).result(),
                            answered.get(i).replayed()));
                }
                return results.publishAll(published);
            });
        }).replaceWith(() -> outcomes);
    }

    private Uni<Outcome> applyOne(ReceivedCommand received) {
        CorrelationId.adopt(received.correlationId());
        return answer(received)
                .call(outcome -> results.publish(received, outcome.result(), outcome.replayed()))
                .call(() -> Panache.getSession().chain(session -> session.flush().invoke(session::clear)));
    }

    private Uni<Outcome> answer(ReceivedCommand received) {
        ParsedCommand.Command command = received.command();
        if (command.operation() == null) {
            return Uni.createFrom().item(Outcome.rejected(results.rejected(received, command.problem()), null));
        }
        return billing.apply(requester(received), command.operationId(), command.operation())
                .map(reply -> new Outcome(results.of(received, reply), reply.replayed(), command.operation(), reply))
                .onFailure(CommandService::isKeyReused).recoverWithItem(e -> Outcome.rejected(
                        results.rejected(received, ((ProblemException) e).problem()), command.operation()));
    }

    private static boolean isKeyReused(Throwable failure) {
        return failure instanceof ProblemException problem && KEY_REUSED.equals(problem.problem().code());
    }
}
