package homework.arch.billing.service;

import homework.arch.billing.Account;
import homework.arch.billing.Hold;
import homework.arch.billing.Payment;
import homework.arch.billing.Reconciliation;
import homework.arch.billing.Rejection;
import homework.arch.billing.StatementLine;
import homework.arch.billing.repository.AccountRepository;
import homework.arch.billing.repository.HoldRepository;
import homework.arch.billing.repository.LedgerRepository;
import homework.arch.billing.repository.PaymentRepository;
import homework.arch.billing.repository.ReconciliationRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** What billing answers without changing anything: accounts, holds, payments, statements, reconciliation. */
@ApplicationScoped
public class BillingQueries {

    private final AccountRepository accounts;
    private final HoldRepository holds;
    private final PaymentRepository payments;
    private final LedgerRepository journal;
    private final ReconciliationRepository reconciliation;

    public BillingQueries(AccountRepository accounts, HoldRepository holds, PaymentRepository payments,
            LedgerRepository journal, ReconciliationRepository reconciliation) {
        this.accounts = accounts;
        this.holds = holds;
        this.payments = payments;
        this.journal = journal;
        this.reconciliation = reconciliation;
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
}
