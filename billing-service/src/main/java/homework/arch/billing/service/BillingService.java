package homework.arch.billing.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import homework.arch.billing.Account;
import homework.arch.billing.BillingOperation;
import homework.arch.infra.money.CurrencyUnit;
import homework.arch.billing.Hold;
import homework.arch.billing.Movement;
import homework.arch.billing.Payment;
import homework.arch.billing.Position;
import homework.arch.billing.Reconciliation;
import homework.arch.billing.Rejection;
import homework.arch.billing.StatementLine;
import homework.arch.billing.api.AccountResponse;
import homework.arch.billing.api.HoldResponse;
import homework.arch.billing.api.PaymentResponse;
import homework.arch.billing.api.TransactionResponse;
import homework.arch.billing.config.BillingConfig;
import homework.arch.billing.repository.AccountRepository;
import homework.arch.billing.repository.HoldRepository;
import homework.arch.billing.repository.LedgerRepository;
import homework.arch.billing.repository.LockRepository;
import homework.arch.billing.repository.PaymentRepository;
import homework.arch.billing.repository.ReconciliationRepository;
import homework.arch.infra.idempotency.IdempotencyStore;
import homework.arch.infra.json.StrictJson;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * The one implementation of billing's rules, whatever channel an operation comes through. {@link #execute} applies
 * an operation at most once per operation id of its {@link Requester} and answers every repeat with the first answer,
 * rejections included.
 */
@ApplicationScoped
public class BillingService {

    /**
     * The service part of billing's idempotency scopes: each requester's operation ids (a user's Idempotency-Keys, a
     * service's, a command sender's operation ids) live in a scope of their own, e.g. {@code billing:user:<id>}.
     */
    public static final String IDEMPOTENCY_SERVICE = "billing";

    private final Ledger ledger;
    private final AccountRepository accounts;
    private final HoldRepository holds;
    private final PaymentRepository payments;
    private final LedgerRepository journal;
    private final ReconciliationRepository reconciliation;
    private final LockRepository locks;
    private final IdempotencyStore idempotency;
    private final OperationMetrics metrics;
    private final CurrencyUnit currency;
    private final BillingConfig config;
    private final ObjectMapper mapper;

    public BillingService(Ledger ledger, AccountRepository accounts, HoldRepository holds, PaymentRepository payments,
            LedgerRepository journal, ReconciliationRepository reconciliation, LockRepository locks,
            IdempotencyStore idempotency, OperationMetrics metrics, CurrencyUnit currency, BillingConfig config,
            ObjectMapper mapper) {
        this.ledger = ledger;
        this.accounts = accounts;
        this.holds = holds;
        this.payments = payments;
        this.journal = journal;
        this.reconciliation = reconciliation;
        this.locks = locks;
        this.idempotency = idempotency;
        this.metrics = metrics;
        this.currency = currency;
        this.config = config;
        this.mapper = mapper;
    }

    /**
     * Applies {@code operation} in one transaction (the caller's, if it has one: a command consumer adds its result
     * event to the outbox in the same transaction).
     * <p>
     * With an operation id, the id is claimed in that transaction first: the effect and the recorded answer commit
     * together, a concurrent duplicate waits for the first and then gets its answer (replayed), and a rejection is
     * recorded like a success, so a retry never turns a "no" into a "yes". Without one, a rejection is thrown as a
     * {@link Rejection} and nothing is written.
     *
     * @param requester   whose operation id it is, and whom the answer is for
     * @param operationId the Idempotency-Key or command operation id (1..255 characters), or null
     * @throws homework.arch.infra.problem.ProblemException {@code idempotency_key_reused} when the id was used for a
     *         different operation, {@code request_in_progress}, {@code invalid_idempotency_key}
     */
    public Uni<Reply> execute(Requester requester, String operationId, BillingOperation operation) {
        return apply(requester, operationId, operation)
                .invoke(reply -> metrics.answered(operation, reply))
                .onFailure(Rejection.class).invoke(rejection -> metrics.rejected(operation, (Rejection) rejection));
    }

    /**
     * {@link #execute} without counting the answer in the operation metrics: for a caller whose transaction this
     * joins, which counts ({@link OperationMetrics#answered}) once that transaction committed.
     */
    Uni<Reply> apply(Requester requester, String operationId, BillingOperation operation) {
        return Uni.createFrom().voidItem()
                .invoke(() -> {
                    if (operationId != null) {
                        IdempotencyStore.requireValidKey(operationId);
                    }
                })
                .chain(() -> operationId == null ? performWithoutId(requester, operation)
                        : Panache.withTransaction(() -> performOnce(requester, operationId, operation)));
    }

    /** An operation, the id it is applied under and whose id that is (see {@link #execute}). */
    public record IdentifiedOperation(Requester requester, String operationId, BillingOperation operation) {

        String scope() {
            return requester.idempotencyScope();
        }
    }

    /**
     * Prepares the caller's transaction for applying several operations, one {@link #execute} after the other (a
     * batch of commands): locks everything they may touch, in one global order, before the first of them runs.
     * <p>
     * Advisory locks on their operation ids, holds and accounts come first, so that two batches that share anything
     * run one after the other instead of deadlocking halfway (each would otherwise lock rows in the order of its own
     * operations). Then the rows: holds before accounts, each sorted by id, which is the order single operations (the
     * REST API, the expiry job) lock them in, so a batch never deadlocks with those either. Operation ids are claimed
     * later, by {@link #execute}; only a REST request with the same key at the same moment can still make it wait.
     */
    public Uni<Void> lockFor(List<IdentifiedOperation> operations) {
        Set<String> names = new TreeSet<>();
        Set<UUID> holdIds = new TreeSet<>();
        Set<UUID> accountIds = new TreeSet<>();
        for (IdentifiedOperation identified : operations) {
            // Scope and id: equal ids of two requesters are two operations. (An ambiguous join, or a hash collision,
            // only makes two transactions wait for each other needlessly.)
            names.add("operation:" + identified.scope() + "|" + identified.operationId());
            touched(identified, holdIds, accountIds);
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

    /** Whether {@link #executeAll} can apply the operation: a deposit, withdrawal or transfer. */
    public static boolean isMovement(BillingOperation operation) {
        return operation instanceof BillingOperation.Deposit || operation instanceof BillingOperation.Withdrawal
                || operation instanceof BillingOperation.Transfer;
    }

    /**
     * {@link #execute} for a batch of movements ({@link #isMovement}) with different operation ids (within each
     * requester's scope; the batch may mix requesters), in the caller's transaction, in a few statements for the whole
     * batch (instead of {@link #lockFor} and one execute after the other): claims their ids, then locks the accounts
     * of those claimed, decides each operation in order on the positions the ones before it left, and writes
     * balances, journal and answers, one set-based statement each per scope, then what the caller adds
     * ({@code alongside}, e.g. its outbox events). Claims come before row locks, each sorted (claims by scope, then
     * id), in every transaction that takes both; the row locks are held for those writes and the commit.
     *
     * @param alongside given every answer (in order; null for an operation whose id was claimed before this
     *        transaction, which the caller answers through {@link #execute}: a replay, or a reused id), the caller's
     *        own writes, made after the batch's in the same transaction
     * @return the answers given to {@code alongside}, not yet counted in the operation metrics (the caller counts them
     *         once its transaction committed)
     */
    public Uni<List<Reply>> executeAll(List<IdentifiedOperation> operations,
            Function<List<Reply>, Uni<Void>> alongside) {
        Map<String, Map<String, String>> fingerprints = new TreeMap<>();
        for (IdentifiedOperation o : operations) {
            if (fingerprints.computeIfAbsent(o.scope(), scope -> new LinkedHashMap<>())
                    .put(o.operationId(), o.operation().fingerprint()) != null) {
                throw new IllegalArgumentException("The operation ids of a batch must differ within each scope");
            }
        }
        return claimAll(fingerprints).chain(claimed -> {
            List<IdentifiedOperation> mine = operations.stream()
                    .filter(o -> claimed.get(o.scope()).contains(o.operationId())).toList();
            Set<UUID> accountIds = new TreeSet<>();
            mine.forEach(o -> touched(o, new TreeSet<>(), accountIds));
            return (accountIds.isEmpty() ? Uni.createFrom().item(Map.<UUID, Position>of()) : accounts.lock(accountIds))
                    .chain(locked -> applyAll(operations, claimed, locked, alongside));
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

    private Uni<List<Reply>> applyAll(List<IdentifiedOperation> operations,
            Map<String, IdempotencyStore.Claimed> claimed, Map<UUID, Position> locked,
            Function<List<Reply>, Uni<Void>> alongside) {
        Instant now = Ledger.now();
        Map<UUID, Position> positions = new HashMap<>(locked);
        Map<UUID, Position> changed = new HashMap<>();
        List<LedgerRepository.Entry> entries = new ArrayList<>();
        Map<String, List<IdempotencyStore.Completion>> completions = new TreeMap<>();
        List<Reply> replies = new ArrayList<>();
        for (IdentifiedOperation identified : operations) {
            IdempotencyStore.Claimed claim = claimed.get(identified.scope());
            if (!claim.contains(identified.operationId())) {
                replies.add(null);
                continue;
            }
            Reply reply;
            try {
                Movement movement = movementOf(identified.operation());
                List<Position> after = ledger.after(movement, positions);
                after.forEach(position -> {
                    positions.put(position.accountId(), position);
                    changed.put(position.accountId(), position);
                });
                entries.add(new LedgerRepository.Entry(movement, after, identified.operationId(), now));
                reply = posted(movement, after, now, identified.requester());
            } catch (Rejection rejection) {
                reply = rejected(rejection);
            }
            replies.add(reply);
            completions.computeIfAbsent(identified.scope(), scope -> new ArrayList<>()).add(
                    new IdempotencyStore.Completion(identified.operationId(), claim.claimId(), reply.status(),
                            reply.body()));
        }
        // One after the other: a Hibernate Reactive session runs one statement at a time (sending them together
        // would save round trips while the row locks are held, but is not a use the session supports).
        Uni<Void> written = accounts.write(changed.values(), now).chain(() -> journal.record(entries));
        for (Map.Entry<String, List<IdempotencyStore.Completion>> scope : completions.entrySet()) {
            written = written.chain(() -> idempotency.completeAll(scope.getKey(), scope.getValue()));
        }
        return written.chain(() -> alongside.apply(replies)).replaceWith(replies);
    }

    /** Adds the holds and accounts {@code identified} may lock to the sets: those its parameters name. */
    private static void touched(IdentifiedOperation identified, Set<UUID> holdIds, Set<UUID> accountIds) {
        BillingOperation operation = identified.operation();
        if (operation instanceof BillingOperation.OpenAccount open) {
            accountIds.add(open.userId());
        } else if (operation instanceof BillingOperation.Deposit deposit) {
            accountIds.add(deposit.userId());
        } else if (operation instanceof BillingOperation.Withdrawal withdrawal) {
            accountIds.add(withdrawal.userId());
        } else if (operation instanceof BillingOperation.Transfer transfer) {
            accountIds.add(transfer.fromUserId());
            accountIds.add(transfer.toUserId());
        } else if (operation instanceof BillingOperation.PlaceHold hold) {
            accountIds.add(hold.userId());
            addIfPresent(holdIds, hold.holdId() != null ? hold.holdId() : uuidOrNull(identified.operationId()));
        } else if (operation instanceof BillingOperation.CaptureHold capture) {
            holdIds.add(capture.holdId());
            addIfPresent(accountIds, capture.userId());
        } else if (operation instanceof BillingOperation.ReleaseHold release) {
            holdIds.add(release.holdId());
            addIfPresent(accountIds, release.userId());
        } else if (operation instanceof BillingOperation.Pay pay) {
            accountIds.add(pay.userId());
        }
    }

    private static void addIfPresent(Set<UUID> ids, UUID id) {
        if (id != null) {
            ids.add(id);
        }
    }

    private Uni<Reply> performOnce(Requester requester, String operationId, BillingOperation operation) {
        String scope = requester.idempotencyScope();
        return idempotency.claim(scope, operationId, operation.fingerprint()).chain(claim -> !claim.isAcquired()
                ? Uni.createFrom().item(Reply.replay(claim.recorded()))
                : perform(requester, operation, operationId)
                        .onFailure(Rejection.class).recoverWithItem(rejection -> rejected((Rejection) rejection))
                        .call(reply -> idempotency.complete(scope, operationId, claim, reply.status(),
                                reply.body())));
    }

    /**
     * Without an operation id nothing but the effect is written: a deposit or withdrawal is then one statement in
     * autocommit, which holds the account's row lock only while it runs and commits (a hot account's throughput).
     * When that statement applies nothing, the transactional path decides again and says why.
     */
    private Uni<Reply> performWithoutId(Requester requester, BillingOperation operation) {
        Movement movement = movementOf(operation);
        if (movement == null || movement.legs().size() != 1) {
            return Panache.withTransaction(() -> perform(requester, operation, null));
        }
        Instant now = Ledger.now();
        return Panache.withSession(() -> ledger.postAlone(movement, null, now))
                .chain(after -> after != null
                        ? Uni.createFrom().item(posted(movement, after, now, requester))
                        : Panache.withTransaction(() -> perform(requester, operation, null)));
    }

    private Uni<Reply> perform(Requester requester, BillingOperation operation, String operationId) {
        return Uni.createFrom().deferred(() -> {
            Instant now = Ledger.now();
            if (operation instanceof BillingOperation.OpenAccount open) {
                return openAccount(open.userId(), now);
            }
            Movement movement = movementOf(operation);
            if (movement != null) {
                return transaction(movement, operationId, now, requester);
            }
            if (operation instanceof BillingOperation.PlaceHold hold) {
                return placeHold(hold, operationId, now, requester);
            }
            if (operation instanceof BillingOperation.CaptureHold capture) {
                Long amount = capture.amount() == null ? null : minor(capture.amount());
                return changeHold(capture.holdId(), capture.userId(), hold -> hold.capture(amount, now), operationId,
                        now);
            }
            if (operation instanceof BillingOperation.ReleaseHold release) {
                return changeHold(release.holdId(), release.userId(), hold -> hold.release(now), operationId, now);
            }
            if (operation instanceof BillingOperation.Pay pay) {
                return pay(pay, operationId, now);
            }
            throw new IllegalArgumentException("Unknown operation " + operation);
        });
    }

    /** The movement of a deposit, withdrawal or transfer; null for other operations. */
    private Movement movementOf(BillingOperation operation) {
        if (operation instanceof BillingOperation.Deposit deposit) {
            return Movement.deposit(deposit.userId(), minor(deposit.amount()));
        }
        if (operation instanceof BillingOperation.Withdrawal withdrawal) {
            return Movement.withdrawal(withdrawal.userId(), minor(withdrawal.amount()));
        }
        if (operation instanceof BillingOperation.Transfer transfer) {
            return Movement.transfer(transfer.fromUserId(), transfer.toUserId(), minor(transfer.amount()));
        }
        return null;
    }

    private Uni<Reply> openAccount(UUID userId, Instant now) {
        if (Movement.SYSTEM_ACCOUNT.equals(userId)) {
            throw Rejection.reservedUserId(userId);
        }
        return accounts.openIfAbsent(userId, now).chain(opened -> opened != null
                ? Uni.createFrom().item(reply(201, AccountResponse.of(opened, currency)))
                : accounts.findUser(userId).map(existing -> reply(200, AccountResponse.of(existing, currency))));
    }

    private Uni<Reply> transaction(Movement movement, String operationId, Instant now, Requester requester) {
        return ledger.post(movement, operationId, now).map(after -> posted(movement, after, now, requester));
    }

    /** The answer shows the balances the requester may see: a user's, their own only (never a transfer's payee's). */
    private Reply posted(Movement movement, List<Position> after, Instant now, Requester requester) {
        return reply(201, TransactionResponse.of(movement, requester.visible(after), now, currency));
    }

    private Uni<Reply> placeHold(BillingOperation.PlaceHold request, String operationId, Instant now,
            Requester requester) {
        UUID chosenId = request.holdId() != null ? request.holdId() : uuidOrNull(operationId);
        long amount = minor(request.amount());
        Duration expiresIn = request.expiresInSeconds() == null ? config.holds().defaultExpiresIn()
                : Duration.ofSeconds(request.expiresInSeconds());
        Hold proposed = Hold.place(chosenId != null ? chosenId : UUID.randomUUID(), request.userId(), amount,
                expiresIn, now);
        // A chosen id may be taken already (a random one is not): find out before writing anything. A hold of an
        // account the requester cannot see is none of their business, and another user's key is not in their way:
        // their hold gets an id of its own.
        Uni<Hold> placed = chosenId == null ? Uni.createFrom().item(proposed)
                : holds.findById(chosenId).map(existing -> {
                    if (existing == null) {
                        return proposed;
                    }
                    if (requester.sees(existing.userId())) {
                        throw Rejection.holdExists(chosenId);
                    }
                    return Hold.place(UUID.randomUUID(), request.userId(), amount, expiresIn, now);
                });
        return placed.chain(hold -> ledger.post(hold.placement(), operationId, now)
                .call(after -> holds.persist(hold))
                .map(after -> reply(201, HoldResponse.of(hold, currency, after))));
    }

    /**
     * Captures or releases a hold: the hold decides under its row lock, then its movement is posted. A caller who
     * names the owner gets another user's hold answered like a missing one: its existence is not theirs to learn.
     */
    private Uni<Reply> changeHold(UUID holdId, UUID owner, Function<Hold, Movement> change, String operationId,
            Instant now) {
        return holds.findForUpdate(holdId).chain(hold -> {
            if (hold == null || owner != null && !owner.equals(hold.userId())) {
                throw Rejection.holdNotFound(holdId);
            }
            Movement movement = change.apply(hold);
            return ledger.post(movement, operationId, now)
                    .onFailure(Rejection.class).transform(e -> new IllegalStateException(
                            "The ledger refused to return held funds of hold " + holdId, e))
                    .map(after -> reply(200, HoldResponse.of(hold, currency, after)));
        });
    }

    /**
     * Pays an order once: the payment row is inserted first, so a concurrent payment of the same order waits on the
     * order's unique index and then returns this one. A debit the ledger rejects makes it DECLINED, not an error.
     */
    private Uni<Reply> pay(BillingOperation.Pay request, String operationId, Instant now) {
        long amount = minor(request.amount());
        Payment payment = Payment.attempt(request.orderId(), request.userId(), amount, now);
        return payments.insertIfFirst(payment).chain(first -> first
                ? debit(payment, operationId, now).map(paid -> reply(201, PaymentResponse.of(paid, currency)))
                : payments.findByOrder(request.orderId()).map(existing -> {
                    if (!existing.hasTerms(request.userId(), amount)) {
                        throw Rejection.paymentConflict(request.orderId());
                    }
                    return reply(200, PaymentResponse.of(existing, currency));
                }));
    }

    private Uni<Payment> debit(Payment payment, String operationId, Instant now) {
        return ledger.post(payment.debit(), operationId, now).replaceWith(payment)
                .onFailure(Rejection.class).recoverWithUni(rejection -> {
                    payment.decline(((Rejection) rejection).problem().code());
                    return payments.updateOutcome(payment).replaceWith(payment);
                })
                .invoke(metrics::paid);
    }

    public Uni<Account> account(UUID userId) {
        return Panache.withSession(() -> accounts.findUser(userId))
                .onItem().ifNull().failWith(() -> Rejection.accountNotFound(userId));
    }

    /** The hold, if {@code owner}'s: another user's is answered like a missing one. */
    public Uni<Hold> hold(UUID holdId, UUID owner) {
        return Panache.withSession(() -> holds.findById(holdId))
                .map(hold -> hold != null && hold.userId().equals(owner) ? hold : null)
                .onItem().ifNull().failWith(() -> Rejection.holdNotFound(holdId));
    }

    /** The payment, if {@code owner}'s: another user's is answered like a missing one. */
    public Uni<Payment> payment(UUID paymentId, UUID owner) {
        return Panache.withSession(() -> payments.findById(paymentId))
                .map(payment -> payment != null && payment.userId().equals(owner) ? payment : null)
                .onItem().ifNull().failWith(() -> Rejection.paymentNotFound(paymentId));
    }

    /**
     * Up to {@code limit} entries of the account's statement, newest first, older than the entry {@code beforeSeq}
     * (null = from the newest).
     */
    public Uni<StatementPage> statement(UUID userId, Long beforeSeq, int limit) {
        return Panache.withSession(() -> accounts.findUser(userId).chain(account -> {
            if (account == null) {
                throw Rejection.accountNotFound(userId);
            }
            // One more than asked tells whether there is a next page.
            return journal.statement(userId, beforeSeq == null ? Long.MAX_VALUE : beforeSeq, limit + 1);
        })).map(lines -> lines.size() > limit ? new StatementPage(lines.subList(0, limit), true)
                : new StatementPage(lines, false));
    }

    public record StatementPage(List<StatementLine> lines, boolean hasMore) {
    }

    public Uni<Reconciliation> reconcile() {
        return reconciliation.reconcile();
    }

    private Reply reply(int status, Object body) {
        return new Reply(status, StrictJson.write(mapper, body), false, null, body);
    }

    private Reply rejected(Rejection rejection) {
        return new Reply(rejection.problem().status(), StrictJson.write(mapper, rejection.problem()), false,
                rejection.problem().code(), rejection.problem());
    }

    /** The operation id as a UUID, if it is one in canonical form. */
    private static UUID uuidOrNull(String operationId) {
        if (operationId == null || operationId.length() != 36) {
            return null;
        }
        try {
            UUID uuid = UUID.fromString(operationId);
            return uuid.toString().equalsIgnoreCase(operationId) ? uuid : null;
        } catch (IllegalArgumentException notAUuid) {
            return null;
        }
    }

    /** {@code amount} in minor units; an amount the currency does not take is an {@code invalid_amount} rejection. */
    private long minor(BigDecimal amount) {
        currency.problemWith(amount).ifPresent(problem -> {
            throw Rejection.invalidAmount(problem);
        });
        return currency.toMinor(amount);
    }

}
