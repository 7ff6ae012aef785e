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
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/**
 * The one implementation of billing's rules, whatever channel an operation comes through. {@link #execute} applies
 * an operation at most once per operation id and answers every repeat with the first answer, rejections included.
 */
@ApplicationScoped
public class BillingService {

    /** REST Idempotency-Keys and command operation ids share one namespace: they name the same operations. */
    public static final String IDEMPOTENCY_SCOPE = "billing";

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
     * @param operationId the Idempotency-Key or command operation id (1..255 characters), or null
     * @throws homework.arch.infra.problem.ProblemException {@code idempotency_key_reused} when the id was used for a
     *         different operation, {@code request_in_progress}, {@code invalid_idempotency_key}
     */
    public Uni<Reply> execute(String operationId, BillingOperation operation) {
        return apply(operationId, operation)
                .invoke(reply -> metrics.answered(operation, reply))
                .onFailure(Rejection.class).invoke(rejection -> metrics.rejected(operation, (Rejection) rejection));
    }

    /**
     * {@link #execute} without counting the answer in the operation metrics: for a caller whose transaction this
     * joins, which counts ({@link OperationMetrics#answered}) once that transaction committed.
     */
    Uni<Reply> apply(String operationId, BillingOperation operation) {
        return Uni.createFrom().voidItem()
                .invoke(() -> {
                    if (operationId != null) {
                        IdempotencyStore.requireValidKey(operationId);
                    }
                })
                .chain(() -> operationId == null ? performWithoutId(operation)
                        : Panache.withTransaction(() -> performOnce(operationId, operation)));
    }

    /** An operation and the id it is applied under (see {@link #execute}). */
    public record IdentifiedOperation(String operationId, BillingOperation operation) {
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
            names.add("operation:" + identified.operationId());
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
     * {@link #execute} for a batch of movements ({@link #isMovement}) with different operation ids, in the caller's
     * transaction, in a few statements for the whole batch (instead of {@link #lockFor} and one execute after the
     * other): claims their ids, then locks the accounts of those claimed, decides each operation in order on the
     * positions the ones before it left, and writes balances, journal and answers, one set-based statement each,
     * then what the caller adds ({@code alongside}, e.g. its outbox events). Claims come before row locks, each
     * sorted, in every transaction that takes both; the row locks are held for those writes and the commit.
     *
     * @param alongside given every answer (in order; null for an operation whose id was claimed before this
     *        transaction, which the caller answers through {@link #execute}: a replay, or a reused id), the caller's
     *        own writes, made after the batch's in the same transaction
     * @return the answers given to {@code alongside}, not yet counted in the operation metrics (the caller counts them
     *         once its transaction committed)
     */
    public Uni<List<Reply>> executeAll(List<IdentifiedOperation> operations,
            Function<List<Reply>, Uni<Void>> alongside) {
        Map<String, String> fingerprints = new LinkedHashMap<>();
        operations.forEach(o -> fingerprints.put(o.operationId(), o.operation().fingerprint()));
        if (fingerprints.size() != operations.size()) {
            throw new IllegalArgumentException("The operation ids of a batch must differ");
        }
        return idempotency.claimAll(IDEMPOTENCY_SCOPE, fingerprints).chain(claimed -> {
            List<IdentifiedOperation> mine = operations.stream()
                    .filter(o -> claimed.contains(o.operationId())).toList();
            Set<UUID> accountIds = new TreeSet<>();
            mine.forEach(o -> touched(o, new TreeSet<>(), accountIds));
            return (accountIds.isEmpty() ? Uni.createFrom().item(Map.<UUID, Position>of()) : accounts.lock(accountIds))
                    .chain(locked -> applyAll(operations, claimed, locked, alongside));
        });
    }

    private Uni<List<Reply>> applyAll(List<IdentifiedOperation> operations, IdempotencyStore.Claimed claimed,
            Map<UUID, Position> locked,
            Function<List<Reply>, Uni<Void>> alongside) {
        Instant now = Ledger.now();
        Map<UUID, Position> positions = new HashMap<>(locked);
        Map<UUID, Position> changed = new HashMap<>();
        List<LedgerRepository.Entry> entries = new ArrayList<>();
        List<IdempotencyStore.Completion> completions = new ArrayList<>();
        List<Reply> replies = new ArrayList<>();
        for (IdentifiedOperation identified : operations) {
            if (!claimed.contains(identified.operationId())) {
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
                reply = posted(movement, after, now);
            } catch (Rejection rejection) {
                reply = rejected(rejection);
            }
            replies.add(reply);
            completions.add(new IdempotencyStore.Completion(identified.operationId(), claimed.claimId(),
                    reply.status(), reply.body()));
        }
        // One after the other: a Hibernate Reactive session runs one statement at a time (sending them together
        // would save round trips while the row locks are held, but is not a use the session supports).
        return accounts.write(changed.values(), now)
                .chain(() -> journal.record(entries))
                .chain(() -> completions.isEmpty() ? Uni.createFrom().voidItem()
                        : idempotency.completeAll(IDEMPOTENCY_SCOPE, completions))
                .chain(() -> alongside.apply(replies))
                .replaceWith(replies);
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

    private Uni<Reply> performOnce(String operationId, BillingOperation operation) {
        String fingerprint = operation.fingerprint();
        return idempotency.claim(IDEMPOTENCY_SCOPE, operationId, fingerprint).chain(claim -> !claim.isAcquired()
                ? Uni.createFrom().item(Reply.replay(claim.recorded()))
                : perform(operation, operationId)
                        .onFailure(Rejection.class).recoverWithItem(rejection -> rejected((Rejection) rejection))
                        .call(reply -> idempotency.complete(IDEMPOTENCY_SCOPE, operationId, claim, reply.status(),
                                reply.body())));
    }

    /**
     * Without an operation id nothing but the effect is written: a deposit or withdrawal is then one statement in
     * autocommit, which holds the account's row lock only while it runs and commits (a hot account's throughput).
     * When that statement applies nothing, the transactional path decides again and says why.
     */
    private Uni<Reply> performWithoutId(BillingOperation operation) {
        Movement movement = movementOf(operation);
        if (movement == null || movement.legs().size() != 1) {
            return Panache.withTransaction(() -> perform(operation, null));
        }
        Instant now = Ledger.now();
        return Panache.withSession(() -> ledger.postAlone(movement, null, now))
                .chain(after -> after != null
                        ? Uni.createFrom().item(posted(movement, after, now))
                        : Panache.withTransaction(() -> perform(operation, null)));
    }

    private Uni<Reply> perform(BillingOperation operation, String operationId) {
        return Uni.createFrom().deferred(() -> {
            Instant now = Ledger.now();
            if (operation instanceof BillingOperation.OpenAccount open) {
                return openAccount(open.userId(), now);
            }
            Movement movement = movementOf(operation);
            if (movement != null) {
                return transaction(movement, operationId, now);
            }
            if (operation instanceof BillingOperation.PlaceHold hold) {
                return placeHold(hold, operationId, now);
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

    private Uni<Reply> transaction(Movement movement, String operationId, Instant now) {
        return ledger.post(movement, operationId, now).map(after -> posted(movement, after, now));
    }

    private Reply posted(Movement movement, List<Position> after, Instant now) {
        return reply(201, TransactionResponse.of(movement, after, now, currency));
    }

    private Uni<Reply> placeHold(BillingOperation.PlaceHold request, String operationId, Instant now) {
        UUID chosenId = request.holdId() != null ? request.holdId() : uuidOrNull(operationId);
        Duration expiresIn = request.expiresInSeconds() == null ? config.holds().defaultExpiresIn()
                : Duration.ofSeconds(request.expiresInSeconds());
        Hold hold = Hold.place(chosenId != null ? chosenId : UUID.randomUUID(), request.userId(),
                minor(request.amount()), expiresIn, now);
        // A chosen id may be taken already (a random one is not): find out before writing anything.
        Uni<Void> idIsFree = chosenId == null ? Uni.createFrom().voidItem()
                : holds.findById(chosenId).invoke(existing -> {
                    if (existing != null) {
                        throw Rejection.holdExists(chosenId);
                    }
                }).replaceWithVoid();
        return idIsFree.chain(() -> ledger.post(hold.placement(), operationId, now))
                .call(after -> holds.persist(hold))
                .map(after -> reply(201, HoldResponse.of(hold, currency, after)));
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

    public Uni<Hold> hold(UUID holdId) {
        return Panache.withSession(() -> holds.findById(holdId))
                .onItem().ifNull().failWith(() -> Rejection.holdNotFound(holdId));
    }

    public Uni<Payment> payment(UUID paymentId) {
        return Panache.withSession(() -> payments.findById(paymentId))
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
