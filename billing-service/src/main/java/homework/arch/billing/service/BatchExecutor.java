package homework.arch.billing.service;

import homework.arch.billing.BillingOperation;
import homework.arch.billing.Movement;
import homework.arch.billing.Outcome;
import homework.arch.billing.Position;
import homework.arch.billing.Rejection;
import homework.arch.billing.repository.AccountRepository;
import homework.arch.billing.repository.HoldRepository;
import homework.arch.billing.repository.LedgerRepository;
import homework.arch.billing.repository.LockRepository;
import homework.arch.infra.idempotency.Claim;
import homework.arch.infra.idempotency.IdempotencyStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/**
 * The batch path of the command queue: several operations in the caller's one transaction, either one
 * {@link OperationExecutor#executeInCallersTransaction} after the other once {@link #lockAll} has locked what they
 * touch, or, for movements only, all at once ({@link #executeMovements}).
 */
@ApplicationScoped
public class BatchExecutor {

    private final OperationEffects effects;
    private final Ledger ledger;
    private final AccountRepository accounts;
    private final HoldRepository holds;
    private final LedgerRepository journal;
    private final LockRepository locks;
    private final IdempotencyStore idempotency;

    public BatchExecutor(OperationEffects effects, Ledger ledger, AccountRepository accounts, HoldRepository holds,
            LedgerRepository journal, LockRepository locks, IdempotencyStore idempotency) {
        this.effects = effects;
        this.ledger = ledger;
        this.accounts = accounts;
        this.holds = holds;
        this.journal = journal;
        this.locks = locks;
        this.idempotency = idempotency;
    }

    /**
     * Prepares the caller's transaction for applying several operations one after the other: locks everything they
     * may touch, in one global order, before the first of them runs.
     * <p>
     * Advisory locks on their operation ids, holds and accounts come first, so that two batches that share anything
     * run one after the other instead of deadlocking halfway (each would otherwise lock rows in the order of its own
     * operations). Then the rows: holds before accounts, each sorted by id, which is the order single operations (the
     * REST API, the expiry job) lock them in, so a batch never deadlocks with those either. Operation ids are claimed
     * later, by each execution; only a REST request with the same key at the same moment can still make it wait.
     */
    public Uni<Void> lockAll(List<IdentifiedOperation> operations) {
        Set<String> names = new TreeSet<>();
        Set<UUID> holdIds = new TreeSet<>();
        Set<UUID> accountIds = new TreeSet<>();
        for (IdentifiedOperation identified : operations) {
            // Scope and id: equal ids of two requesters are two operations. (An ambiguous join, or a hash collision,
            // only makes two transactions wait for each other needlessly.)
            names.add("operation:" + identified.scope() + "|" + identified.operationId());
            identified.operation().accept(new LockTargets(identified.operationId(), holdIds, accountIds));
        }
        holdIds.forEach(id -> names.add("hold:" + id));
        accountIds.forEach(id -> names.add("account:" + id));
        return locks.lockNames(names)
                .chain(() -> holds.lockOwners(holdIds))
                .chain(owners -> {
                    accountIds.addAll(owners);
                    return accountIds.isEmpty() ? Uni.createFrom().voidItem()
                            : accounts.lock(accountIds).replaceWithVoid();
                });
    }

    /** Whether {@link #executeMovements} can apply the operation: a deposit, withdrawal or transfer. */
    public static boolean isMovement(BillingOperation operation) {
        return operation instanceof BillingOperation.MoneyMovement;
    }

    /**
     * Executes a batch of movements ({@link #isMovement}) with different operation ids (within each requester's
     * scope; the batch may mix requesters), in the caller's transaction, in a few statements for the whole batch:
     * claims their ids, then locks the accounts of those claimed, decides each operation in order on the positions
     * the ones before it left, and writes journal, balances and answers, one set-based statement each per scope, then
     * what the caller adds ({@code alongside}, e.g. its outbox events). Claims come before row locks, each sorted
     * (claims by scope, then id), in every transaction that takes both; the row locks are held for those writes and
     * the commit.
     *
     * @param render    the edge's answer to an outcome, as in {@link OperationExecutor#execute}
     * @param alongside given every answer (in order; null for an operation whose id was claimed before this
     *                  transaction, which the caller answers through {@link OperationExecutor}: a replay, or a reused
     *                  id), the caller's own writes, made after the batch's in the same transaction. It is applied
     *                  while the journal is being written, so it must not use the session itself: the work it does
     *                  when applied (rendering, serialising) overlaps that statement, and the Uni it returns, which
     *                  may, is subscribed once the batch's own writes are done
     * @return the answers given to {@code alongside}, not yet counted in the operation metrics (the caller counts
     *         them once its transaction committed)
     */
    public Uni<List<Reply>> executeMovements(List<IdentifiedOperation> operations,
            Function<Outcome, Claim.RecordedResponse> render, Function<List<Reply>, Uni<Void>> alongside) {
        Map<String, Map<String, String>> fingerprints = new TreeMap<>();
        for (IdentifiedOperation o : operations) {
            if (!isMovement(o.operation())) {
                throw new IllegalArgumentException("Not a movement: " + o.operation().type());
            }
            if (fingerprints.computeIfAbsent(o.scope(), scope -> new LinkedHashMap<>())
                    .put(o.operationId(), o.operation().fingerprint()) != null) {
                throw new IllegalArgumentException("The operation ids of a batch must differ within each scope");
            }
        }
        return claimAll(fingerprints).chain(claimed -> {
            Set<UUID> accountIds = new TreeSet<>();
            operations.stream().filter(o -> claimed.get(o.scope()).contains(o.operationId()))
                    .forEach(o -> o.operation().accept(new LockTargets(o.operationId(), new TreeSet<>(), accountIds)));
            return (accountIds.isEmpty() ? Uni.createFrom().item(Map.<UUID, Position>of()) : accounts.lock(accountIds))
                    .chain(locked -> decideAndWrite(operations, claimed, locked, render, alongside));
        });
    }

    /**
     * Claims each scope's ids, one scope after the other in scope order (the store claims one scope's keys at once,
     * in key order): every batch claims in the same global order, so two batches never wait for each other's claims
     * in a cycle.
     *
     * @return each scope's claimed ids
     */
    private Uni<Map<String, IdempotencyStore.Claimed>> claimAll(Map<String, Map<String, String>> fingerprintsByScope) {
        Map<String, IdempotencyStore.Claimed> claimed = new HashMap<>();
        Uni<Void> claiming = Uni.createFrom().voidItem();
        for (Map.Entry<String, Map<String, String>> scope : fingerprintsByScope.entrySet()) {
            claiming = claiming.chain(() -> idempotency.claimAll(scope.getKey(), scope.getValue()))
                    .invoke(keys -> claimed.put(scope.getKey(), keys)).replaceWithVoid();
        }
        return claiming.replaceWith(claimed);
    }

    private Uni<List<Reply>> decideAndWrite(List<IdentifiedOperation> operations,
            Map<String, IdempotencyStore.Claimed> claimed, Map<UUID, Position> locked,
            Function<Outcome, Claim.RecordedResponse> render, Function<List<Reply>, Uni<Void>> alongside) {
        Instant now = Ledger.now();
        Map<UUID, Position> positions = new HashMap<>(locked);
        Map<UUID, Position> changed = new HashMap<>();
        List<LedgerRepository.Entry> entries = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (IdentifiedOperation identified : operations) {
            if (!claimed.get(identified.scope()).contains(identified.operationId())) {
                outcomes.add(null);
                continue;
            }
            try {
                Movement movement = effects.movement((BillingOperation.MoneyMovement) identified.operation());
                List<Position> after = ledger.after(movement, positions);
                after.forEach(position -> {
                    positions.put(position.accountId(), position);
                    changed.put(position.accountId(), position);
                });
                entries.add(new LedgerRepository.Entry(movement, after, identified.operationId(), now));
                outcomes.add(OperationEffects.posted(movement, after, now, identified.requester()));
            } catch (Rejection rejection) {
                outcomes.add(new Outcome.Rejected(rejection));
            }
        }
        // The row locks are held from here to the commit. The journal, the batch's largest statement, goes first:
        // while the database writes it, this thread renders the answers and prepares the statements that follow
        // (combine subscribes in order, so the journal's statement is on its way before the rendering starts). The
        // statements themselves run one after the other: a Hibernate Reactive session runs one at a time.
        return Uni.combine().all()
                .unis(journal.record(entries), Uni.createFrom().item(
                        () -> rest(operations, claimed, outcomes, changed.values(), now, render, alongside)))
                // Failed only once both are done: no statement of this batch is still running when it rolls back.
                .collectFailures().with((journalWritten, rest) -> rest)
                .chain(rest -> rest.writes().replaceWith(rest.replies()));
    }

    /** What follows the journal: the answers, and the writes still to make (not yet started). */
    private record Rest(List<Reply> replies, Uni<Void> writes) {
    }

    /**
     * Renders the answers, then prepares (without starting them) the balances' write, the idempotency records'
     * completion per scope and the caller's own writes, in that order.
     */
    private Rest rest(List<IdentifiedOperation> operations, Map<String, IdempotencyStore.Claimed> claimed,
            List<Outcome> outcomes, Collection<Position> changed, Instant now,
            Function<Outcome, Claim.RecordedResponse> render, Function<List<Reply>, Uni<Void>> alongside) {
        Map<String, List<IdempotencyStore.Completion>> completions = new TreeMap<>();
        List<Reply> replies = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            IdentifiedOperation identified = operations.get(i);
            Outcome outcome = outcomes.get(i);
            Reply reply = outcome == null ? null : Reply.of(outcome, render);
            replies.add(reply);
            if (reply != null) {
                completions.computeIfAbsent(identified.scope(), scope -> new ArrayList<>()).add(
                        new IdempotencyStore.Completion(identified.operationId(),
                                claimed.get(identified.scope()).claimId(), reply.status(), reply.body()));
            }
        }
        Uni<Void> writes = accounts.write(changed, now);
        for (Map.Entry<String, List<IdempotencyStore.Completion>> scope : completions.entrySet()) {
            Uni<Void> completed = idempotency.completeAll(scope.getKey(), scope.getValue());
            writes = writes.chain(() -> completed);
        }
        Uni<Void> callers = alongside.apply(replies);
        return new Rest(replies, writes.chain(() -> callers));
    }

    /** Adds the holds and accounts an operation may lock to the sets: those its parameters name. */
    private static final class LockTargets implements BillingOperation.Visitor<Void> {

        private final String operationId;
        private final Set<UUID> holdIds;
        private final Set<UUID> accountIds;

        LockTargets(String operationId, Set<UUID> holdIds, Set<UUID> accountIds) {
            this.operationId = operationId;
            this.holdIds = holdIds;
            this.accountIds = accountIds;
        }

        public Void openAccount(BillingOperation.OpenAccount open) {
            return add(accountIds, open.userId());
        }

        public Void deposit(BillingOperation.Deposit deposit) {
            return add(accountIds, deposit.userId());
        }

        public Void withdrawal(BillingOperation.Withdrawal withdrawal) {
            return add(accountIds, withdrawal.userId());
        }

        public Void transfer(BillingOperation.Transfer transfer) {
            add(accountIds, transfer.fromUserId());
            return add(accountIds, transfer.toUserId());
        }

        public Void placeHold(BillingOperation.PlaceHold hold) {
            add(accountIds, hold.userId());
            return add(holdIds, OperationEffects.chosenHoldId(hold, operationId));
        }

        public Void captureHold(BillingOperation.CaptureHold capture) {
            add(holdIds, capture.holdId());
            return add(accountIds, capture.userId());
        }

        public Void releaseHold(BillingOperation.ReleaseHold release) {
            add(holdIds, release.holdId());
            return add(accountIds, release.userId());
        }

        public Void pay(BillingOperation.Pay pay) {
            return add(accountIds, pay.userId());
        }

        private static Void add(Set<UUID> ids, UUID id) {
            if (id != null) {
                ids.add(id);
            }
            return null;
        }
    }
}
