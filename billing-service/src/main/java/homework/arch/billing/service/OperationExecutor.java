package homework.arch.billing.service;

import homework.arch.billing.BillingOperation;
import homework.arch.billing.Movement;
import homework.arch.billing.Outcome;
import homework.arch.billing.Rejection;
import homework.arch.infra.idempotency.Claim;
import homework.arch.infra.idempotency.IdempotencyStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The idempotent execution of one operation, whatever channel it came through: an operation is applied at most once
 * per operation id of its {@link Requester}, and every repeat is answered with the first answer, rejections included.
 * The edge that asked renders the answer ({@code render}); its bytes are recorded with the effect.
 */
@ApplicationScoped
public class OperationExecutor {

    /**
     * The service part of billing's idempotency scopes: each requester's operation ids (a user's Idempotency-Keys, a
     * service's, a command sender's operation ids) live in a scope of their own, e.g. {@code billing:user:<id>}.
     */
    public static final String IDEMPOTENCY_SERVICE = "billing";
    // A refused request's fingerprint: no operation's begins so (theirs begin with their type).
    private static final String REFUSED = "REFUSED|";

    private final OperationEffects effects;
    private final Ledger ledger;
    private final IdempotencyStore idempotency;
    private final OperationMetrics metrics;

    public OperationExecutor(OperationEffects effects, Ledger ledger, IdempotencyStore idempotency,
            OperationMetrics metrics) {
        this.effects = effects;
        this.ledger = ledger;
        this.idempotency = idempotency;
        this.metrics = metrics;
    }

    /**
     * Applies {@code operation} in a transaction of its own, answers with the rendered outcome and counts the answer
     * in the operation metrics.
     * <p>
     * With an operation id, the id is claimed in that transaction first: the effect and the recorded answer commit
     * together, a concurrent duplicate waits for the first and then gets its answer (replayed), and a rejection is
     * recorded like a success, so a retry never turns a "no" into a "yes". Without one, a rejection is thrown as a
     * {@link Rejection} and nothing is written.
     *
     * @param requester   whose operation id it is, and whom the answer is for
     * @param operationId the Idempotency-Key or command operation id (1..255 characters), or null
     * @param render      the edge's answer to an outcome: the status and bytes recorded and replayed
     * @throws homework.arch.infra.problem.ProblemException {@code idempotency_key_reused} when the id was used for a
     *         different operation, {@code request_in_progress}, {@code invalid_idempotency_key}
     */
    public Uni<Reply> execute(Requester requester, String operationId, BillingOperation operation,
            Function<Outcome, Claim.RecordedResponse> render) {
        return executeInCallersTransaction(requester, operationId, operation, render)
                .invoke(reply -> metrics.answered(operation, reply))
                .onFailure(Rejection.class).invoke(rejection -> metrics.rejected(operation, (Rejection) rejection));
    }

    /**
     * {@link #execute} in the caller's transaction, if it has one (a command consumer adds its result event to the
     * outbox in the same transaction), and without counting the answer: the caller counts it
     * ({@link OperationMetrics#answered}) once its transaction committed.
     */
    public Uni<Reply> executeInCallersTransaction(Requester requester, String operationId,
            BillingOperation operation, Function<Outcome, Claim.RecordedResponse> render) {
        return Uni.createFrom().voidItem()
                .invoke(() -> {
                    if (operationId != null) {
                        IdempotencyStore.requireValidKey(operationId);
                    }
                })
                .chain(() -> operationId == null ? withoutId(requester, operation, render)
                        : Panache.withTransaction(() -> once(requester, operationId, operation, render)));
    }

    /**
     * Answers a request that could not be read as an operation with {@code refusal}, recorded under its operation id
     * in the caller's transaction like any answer: a repeat of the same request (a redelivered command) is answered
     * with the first refusal again (replayed), and the id stays taken, so it cannot later name another operation.
     *
     * @param request the request in a canonical form (the same request gives the same text)
     * @throws homework.arch.infra.problem.ProblemException {@code idempotency_key_reused} when the id was used for a
     *         different request
     */
    public Uni<Reply> refuseInCallersTransaction(Requester requester, String operationId, String request,
            Claim.RecordedResponse refusal) {
        return Panache.withTransaction(() -> answerOnce(requester, operationId, REFUSED + request,
                () -> Uni.createFrom().item(new Reply(refusal.status(), refusal.body(), false, null))));
    }

    private Uni<Reply> once(Requester requester, String operationId, BillingOperation operation,
            Function<Outcome, Claim.RecordedResponse> render) {
        return answerOnce(requester, operationId, operation.fingerprint(),
                () -> effects.apply(requester, operation, operationId)
                        .onFailure(Rejection.class).recoverWithItem(rejection ->
                                new Outcome.Rejected((Rejection) rejection))
                        .map(outcome -> Reply.of(outcome, render)));
    }

    /**
     * Claims the operation id for {@code fingerprint} in the current transaction: the holder of the claim computes the
     * first answer and records it with its effect; anyone else gets the recorded answer (replayed).
     */
    private Uni<Reply> answerOnce(Requester requester, String operationId, String fingerprint,
            Supplier<Uni<Reply>> firstAnswer) {
        String scope = requester.idempotencyScope();
        return idempotency.claim(scope, operationId, fingerprint).chain(claim -> !claim.isAcquired()
                ? Uni.createFrom().item(Reply.replay(claim.recorded()))
                : firstAnswer.get().call(reply -> idempotency.complete(scope, operationId, claim, reply.status(),
                        reply.body())));
    }

    /**
     * Without an operation id nothing but the effect is written: a deposit or withdrawal is then one statement in
     * autocommit, which holds the account's row lock only while it runs and commits (a hot account's throughput).
     * When that statement applies nothing, the transactional path decides again and says why. An order's payment is
     * one statement in autocommit too, whatever it decides.
     */
    private Uni<Reply> withoutId(Requester requester, BillingOperation operation,
            Function<Outcome, Claim.RecordedResponse> render) {
        if (operation instanceof BillingOperation.Pay pay) {
            return effects.payAlone(pay).map(outcome -> Reply.of(outcome, render));
        }
        Movement movement = operation instanceof BillingOperation.MoneyMovement money ? effects.movement(money) : null;
        Uni<Outcome> inTransaction = Panache.withTransaction(() -> effects.apply(requester, operation, null));
        if (movement == null || movement.legs().size() != 1) {
            return inTransaction.map(outcome -> Reply.of(outcome, render));
        }
        Instant now = Ledger.now();
        return Panache.withSession(() -> ledger.postAlone(movement, null, now))
                .chain(after -> after != null
                        ? Uni.createFrom().item(OperationEffects.posted(movement, after, now, requester))
                        : inTransaction)
                .map(outcome -> Reply.of(outcome, render));
    }
}
