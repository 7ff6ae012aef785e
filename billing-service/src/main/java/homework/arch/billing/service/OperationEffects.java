package homework.arch.billing.service;

import homework.arch.billing.BillingOperation;
import homework.arch.billing.Hold;
import homework.arch.billing.Movement;
import homework.arch.billing.Outcome;
import homework.arch.billing.Payment;
import homework.arch.billing.Position;
import homework.arch.billing.Rejection;
import homework.arch.billing.config.BillingConfig;
import homework.arch.billing.repository.AccountRepository;
import homework.arch.billing.repository.HoldRepository;
import homework.arch.billing.repository.PaymentRepository;
import homework.arch.infra.money.CurrencyUnit;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What each operation does to the ledger, in the caller's transaction, whatever channel it came through and whether or
 * not it has an operation id (idempotency is {@link OperationExecutor}'s business). A rejection fails the returned
 * {@link Uni} with a {@link Rejection} before anything is written.
 */
@ApplicationScoped
public class OperationEffects {

    private final Ledger ledger;
    private final AccountRepository accounts;
    private final HoldRepository holds;
    private final PaymentRepository payments;
    private final OperationMetrics metrics;
    private final CurrencyUnit currency;
    private final BillingConfig config;

    public OperationEffects(Ledger ledger, AccountRepository accounts, HoldRepository holds,
            PaymentRepository payments, OperationMetrics metrics, CurrencyUnit currency, BillingConfig config) {
        this.ledger = ledger;
        this.accounts = accounts;
        this.holds = holds;
        this.payments = payments;
        this.metrics = metrics;
        this.currency = currency;
        this.config = config;
    }

    /** @param operationId recorded with the journal transaction; may be null */
    Uni<Outcome> apply(Requester requester, BillingOperation operation, String operationId) {
        return Uni.createFrom().deferred(() -> operation.accept(new Effect(requester, operationId, Ledger.now())));
    }

    /** The dispatch: one method per kind of operation. */
    private final class Effect implements BillingOperation.Visitor<Uni<Outcome>> {

        private final Requester requester;
        private final String operationId;
        private final Instant now;

        Effect(Requester requester, String operationId, Instant now) {
            this.requester = requester;
            this.operationId = operationId;
            this.now = now;
        }

        public Uni<Outcome> openAccount(BillingOperation.OpenAccount open) {
            if (Movement.SYSTEM_ACCOUNT.equals(open.userId())) {
                throw Rejection.reservedUserId(open.userId());
            }
            return accounts.openIfAbsent(open.userId(), now).chain(opened -> opened != null
                    ? Uni.createFrom().item(new Outcome.Opened(opened, true))
                    : accounts.findUser(open.userId()).map(existing -> new Outcome.Opened(existing, false)));
        }

        public Uni<Outcome> deposit(BillingOperation.Deposit deposit) {
            return post(deposit);
        }

        public Uni<Outcome> withdrawal(BillingOperation.Withdrawal withdrawal) {
            return post(withdrawal);
        }

        public Uni<Outcome> transfer(BillingOperation.Transfer transfer) {
            return post(transfer);
        }

        private Uni<Outcome> post(BillingOperation.MoneyMovement operation) {
            Movement movement = movement(operation);
            return ledger.post(movement, operationId, now).map(after -> posted(movement, after, now, requester));
        }

        public Uni<Outcome> placeHold(BillingOperation.PlaceHold request) {
            UUID chosenId = chosenHoldId(request, operationId);
            long amount = minor(request.amount());
            Duration expiresIn = request.expiresInSeconds() == null ? config.holds().defaultExpiresIn()
                    : Duration.ofSeconds(request.expiresInSeconds());
            Hold proposed = Hold.place(chosenId != null ? chosenId : UUID.randomUUID(), request.userId(), amount,
                    expiresIn, now);
            // A chosen id may be taken already (a random one is not): find out before writing anything. A hold of an
            // account the requester cannot see is none of their business, and another user's key is not in their
            // way: their hold gets an id of its own.
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
                    .map(after -> new Outcome.HoldChanged(hold, after, true)));
        }

        public Uni<Outcome> captureHold(BillingOperation.CaptureHold capture) {
            Long amount = capture.amount() == null ? null : minor(capture.amount());
            return changeHold(capture.holdId(), capture.userId(), hold -> hold.capture(amount, now));
        }

        public Uni<Outcome> releaseHold(BillingOperation.ReleaseHold release) {
            return changeHold(release.holdId(), release.userId(), hold -> hold.release(now));
        }

        /**
         * Captures or releases a hold: the hold decides under its row lock, then its movement is posted. A caller
         * who names the owner gets another user's hold answered like a missing one: its existence is not theirs to
         * learn.
         */
        private Uni<Outcome> changeHold(UUID holdId, UUID owner, Function<Hold, Movement> change) {
            return holds.findForUpdate(holdId).chain(hold -> {
                if (hold == null || owner != null && !owner.equals(hold.userId())) {
                    throw Rejection.holdNotFound(holdId);
                }
                Movement movement = change.apply(hold);
                return ledger.post(movement, operationId, now)
                        .onFailure(Rejection.class).transform(e -> new IllegalStateException(
                                "The ledger refused to return held funds of hold " + holdId, e))
                        .map(after -> new Outcome.HoldChanged(hold, after, false));
            });
        }

        public Uni<Outcome> pay(BillingOperation.Pay request) {
            return OperationEffects.this.pay(request, now, attempt -> payments.payIfFirst(attempt, operationId),
                    () -> payments.findByOrder(request.orderId()));
        }
    }

    /**
     * Pays an order without an operation id, in no transaction or Hibernate session: one statement in autocommit
     * ({@link PaymentRepository#payIfFirstAlone}); only a repeat reads the order's payment in a session.
     */
    Uni<Outcome> payAlone(BillingOperation.Pay request) {
        return Uni.createFrom().deferred(() -> pay(request, Ledger.now(), payments::payIfFirstAlone,
                () -> Panache.withSession(() -> payments.findByOrder(request.orderId()))));
    }

    /**
     * Pays an order once: the order's first payment is recorded with its debit, or DECLINED when the ledger would
     * reject the debit (not an error); a repeat for the same user and amount is answered with that payment.
     *
     * @param payIfFirst records a payment if it is the order's first, else answers null
     * @param existing   reads the order's payment
     */
    private Uni<Outcome> pay(BillingOperation.Pay request, Instant now, Function<Payment, Uni<Payment>> payIfFirst,
            Supplier<Uni<Payment>> existing) {
        long amount = minor(request.amount());
        return payIfFirst.apply(Payment.attempt(request.orderId(), request.userId(), amount, now))
                .chain(first -> first != null
                        ? Uni.createFrom().item(new Outcome.Paid(first, true)).invoke(() -> metrics.paid(first))
                        : existing.get().map(payment -> {
                            if (!payment.hasTerms(request.userId(), amount)) {
                                throw Rejection.paymentConflict(request.orderId());
                            }
                            return new Outcome.Paid(payment, false);
                        }));
    }

    /** The answer shows the balances the requester may see: a user's, their own only (never a transfer's payee's). */
    static Outcome posted(Movement movement, List<Position> after, Instant now, Requester requester) {
        return new Outcome.Posted(movement, requester.visible(after), now);
    }

    /**
     * The movement of a deposit, withdrawal or transfer.
     *
     * @throws Rejection {@code invalid_amount}, {@code same_account}
     */
    Movement movement(BillingOperation.MoneyMovement operation) {
        return operation.movement(minor(operation.amount()));
    }

    /** A new hold's id: the one asked for, else the operation id when that is a UUID; null = a random one. */
    static UUID chosenHoldId(BillingOperation.PlaceHold request, String operationId) {
        return request.holdId() != null ? request.holdId() : uuidOrNull(operationId);
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
