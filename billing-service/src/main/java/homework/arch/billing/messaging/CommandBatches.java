package homework.arch.billing.messaging;

import homework.arch.billing.BillingOperation;
import homework.arch.billing.api.Replies;
import homework.arch.billing.service.BatchExecutor;
import homework.arch.billing.service.IdentifiedOperation;
import homework.arch.billing.service.OperationExecutor;
import homework.arch.billing.service.OperationMetrics;
import homework.arch.billing.service.Reply;
import homework.arch.billing.service.Requester;
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
 * Applies batches of commands from the queue, each in one transaction, through the same rules and idempotency records
 * as the REST API ({@link OperationExecutor}, {@link BatchExecutor}), and writes each command's result to the outbox in
 * the same transaction as its effect. A command's answer is recorded as the REST API renders it ({@link Replies}), and
 * its result is made from that answer ({@link BillingResults#of}).
 * <p>
 * A command's operation id belongs to its sender, as the broker validated it (the AMQP {@code user_id}): two senders'
 * equal ids are two operations, and neither sender's id is a REST client's Idempotency-Key. Senders are trusted
 * systems: a result shows every account the operation touched (a transfer's payee too).
 */
@ApplicationScoped
public class CommandBatches {

    // The one failure of execute that is the command's fault rather than the moment's: its operation id names an
    // earlier, different operation. Nothing was written, so the batch goes on with a REJECTED result.
    private static final String KEY_REUSED = "idempotency_key_reused";

    private final OperationExecutor executor;
    private final BatchExecutor batches;
    private final Replies replies;
    private final BillingResults results;
    private final OperationMetrics metrics;

    public CommandBatches(OperationExecutor executor, BatchExecutor batches, Replies replies,
            BillingResults results, OperationMetrics metrics) {
        this.executor = executor;
        this.batches = batches;
        this.replies = replies;
        this.results = results;
        this.metrics = metrics;
    }

    /**
     * How one command was answered: its result, and whether that repeats an earlier execution's answer.
     *
     * @param operation the operation it asked for, null when it could not be read
     * @param reply     billing's answer to the operation, null when there was none (unreadable, or a reused id)
     */
    public record Answered(BillingOperationResult result, boolean replayed, BillingOperation operation, Reply reply) {

        static Answered rejected(BillingOperationResult result, BillingOperation operation) {
            return new Answered(result, false, operation, null);
        }
    }

    /**
     * Applies {@code commands} in ONE transaction, in their order, each with its result in the outbox, and completes
     * after the commit. Everything they touch is locked first ({@link BatchExecutor#lockAll}); between commands the
     * session is flushed and cleared, so each one reads the database as if it ran alone. A failure fails the whole
     * batch and nothing of it is committed: the caller may apply the commands again, one by one (an operation that
     * did commit after all is then replayed, not applied twice). After the commit the results are sent and the
     * answers counted in the operation metrics, so a batch that rolls back and is applied again is counted once.
     */
    public Uni<List<Answered>> apply(List<ReceivedCommand> commands) {
        return applyInTransaction(commands).invoke(answers -> {
            results.committed();
            answers.stream()
                    .filter(answer -> answer.reply() != null)
                    .forEach(answer -> metrics.answered(answer.operation(), answer.reply()));
        });
    }

    private Uni<List<Answered>> applyInTransaction(List<ReceivedCommand> commands) {
        List<IdentifiedOperation> operations = commands.stream()
                .filter(received -> received.command().operation() != null)
                .map(received -> new IdentifiedOperation(requester(received),
                        received.command().operationId(), received.command().operation()))
                .toList();
        if (movementsOnly(commands, operations)) {
            return Panache.withTransaction(() -> applyMovements(commands, operations));
        }
        return Panache.withTransaction(() -> batches.lockAll(operations)
                .chain(() -> Multi.createFrom().iterable(commands)
                        .onItem().transformToUniAndConcatenate(this::applyOne)
                        .collect().asList()));
    }

    /** Whose operation id a command's is: its sender's, who may see every account (see the class comment). */
    static Requester requester(ReceivedCommand received) {
        return Requester.system(IdempotencyScopes.ofSender(OperationExecutor.IDEMPOTENCY_SERVICE, received.sender()));
    }

    /**
     * A batch of deposits, withdrawals and transfers (and commands rejected as read), each with an operation id of its
     * own (among its sender's), the usual case: {@link BatchExecutor#executeMovements} applies them in a few
     * statements, and their results go to the outbox in one more, in the same transaction. The batch may mix senders.
     */
    private static boolean movementsOnly(List<ReceivedCommand> commands, List<IdentifiedOperation> operations) {
        return commands.size() > 1
                && operations.stream().allMatch(o -> BatchExecutor.isMovement(o.operation()))
                // Refused commands' ids too: the movements' ids are claimed first, whatever the order of the batch.
                && commands.stream().map(c -> List.of(requester(c).idempotencyScope(), c.command().operationId()))
                        .distinct().count() == commands.size();
    }

    private Uni<List<Answered>> applyMovements(List<ReceivedCommand> commands, List<IdentifiedOperation> operations) {
        Answered[] answers = new Answered[commands.size()];
        return batches.executeMovements(operations, replies::render, given -> {
            // The results of the operations applied just now are made here, while the journal is being written
            // (see executeMovements); the others (rejected as read, or claimed before this batch: replayed, or a
            // reused id) need the session, so they are answered one by one after the batch's writes.
            Iterator<Reply> next = given.iterator();
            List<BillingResults.Published> published = new ArrayList<>();
            List<Integer> oneByOne = new ArrayList<>();
            for (int i = 0; i < commands.size(); i++) {
                ReceivedCommand received = commands.get(i);
                Reply reply = received.command().operation() == null ? null : next.next();
                if (reply == null) {
                    oneByOne.add(i);
                    continue;
                }
                answers[i] = new Answered(results.of(received, reply), false, received.command().operation(), reply);
                published.add(new BillingResults.Published(received, answers[i].result(), false));
            }
            Uni<Void> publishedNow = results.publishAll(published);
            return publishedNow.chain(() -> Multi.createFrom().iterable(oneByOne)
                    .onItem().transformToUniAndConcatenate(i -> answer(commands.get(i))
                            .invoke(answer -> answers[i] = answer)
                            .call(answer -> results.publish(commands.get(i), answer.result(), answer.replayed())))
                    .collect().last().replaceWithVoid());
        }).replaceWith(() -> List.of(answers));
    }

    private Uni<Answered> applyOne(ReceivedCommand received) {
        CorrelationId.adopt(received.correlationId());
        return answer(received)
                .call(answer -> results.publish(received, answer.result(), answer.replayed()))
                .call(() -> Panache.getSession().chain(session -> session.flush().invoke(session::clear)));
    }

    private Uni<Answered> answer(ReceivedCommand received) {
        ParsedCommand.Command command = received.command();
        Requester requester = requester(received);
        // A refusal is recorded like any answer, so that a command redelivered after its commit gets it again.
        Uni<Answered> answered = command.operation() == null
                ? executor.refuseInCallersTransaction(requester, command.operationId(), command.refused(),
                                replies.render(command.problem()))
                        .map(reply -> new Answered(results.of(received, reply), reply.replayed(), null, null))
                : executor.executeInCallersTransaction(requester, command.operationId(), command.operation(),
                                replies::render)
                        .map(reply -> new Answered(results.of(received, reply), reply.replayed(), command.operation(),
                                reply));
        return answered.onFailure(CommandBatches::isKeyReused).recoverWithItem(e -> Answered.rejected(
                results.rejected(received, ((ProblemException) e).problem()), command.operation()));
    }

    private static boolean isKeyReused(Throwable failure) {
        return failure instanceof ProblemException problem && KEY_REUSED.equals(problem.problem().code());
    }
}
