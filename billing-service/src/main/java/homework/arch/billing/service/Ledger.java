package homework.arch.billing.service;

import homework.arch.infra.money.CurrencyUnit;
import homework.arch.billing.Movement;
import homework.arch.billing.Position;
import homework.arch.billing.Rejection;
import homework.arch.billing.config.BillingConfig;
import homework.arch.billing.repository.AccountRepository;
import homework.arch.billing.repository.LedgerRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Posts movements: changes the balances of the user accounts a movement touches and records it in the journal, in
 * the caller's transaction. Every rejection (no account, insufficient funds, balance limit) happens before anything
 * is written, so a caller may commit a rejection.
 */
@ApplicationScoped
public class Ledger {

    private final AccountRepository accounts;
    private final LedgerRepository journal;
    private final long maxBalance;

    public Ledger(AccountRepository accounts, LedgerRepository journal, BillingConfig config, CurrencyUnit currency) {
        this.accounts = accounts;
        this.journal = journal;
        this.maxBalance = currency.limitToMinor(config.maxBalance());
    }

    /** The ledger's clock: PostgreSQL keeps microseconds, so a response rendered now equals one read back later. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * @param operationId the operation's idempotency key, recorded with the journal transaction; may be null
     * @return the positions of the movement's user accounts after it, in the movement's order
     */
    public Uni<List<Position>> post(Movement movement, String operationId, Instant now) {
        List<Movement.Leg> legs = movement.legs();
        if (legs.size() > 1) {
            return applyLocked(legs, now).call(after -> journal.record(movement, after, operationId, now));
        }
        return postAlone(movement, operationId, now).chain(after -> after != null ? Uni.createFrom().item(after)
                : applyLocked(legs, now).call(locked -> journal.record(movement, locked, operationId, now)));
    }

    /**
     * A movement of one account in a single statement that decides, applies and records it (the usual case, and the
     * one a hot account needs): outside a transaction it commits by itself, holding the account's row lock only
     * while it runs.
     *
     * @return the account's position after it, or null when it was not applied: nothing was written, and
     *         {@link #post} in a transaction finds out why
     */
    public Uni<List<Position>> postAlone(Movement movement, String operationId, Instant now) {
        return journal.postOneLeg(movement, maxBalance, operationId, now)
                .map(position -> position == null ? null : List.of(position));
    }

    /** Locks the accounts in id order, applies the balance rules, then writes. */
    private Uni<List<Position>> applyLocked(List<Movement.Leg> legs, Instant now) {
        return accounts.lock(legs.stream().map(Movement.Leg::accountId).toList()).chain(current -> {
            List<Position> after = after(legs, current);
            return accounts.write(after, now).replaceWith(after);
        });
    }

    /**
     * Where the movement's user accounts stand after it, from where they stand now (under their row locks), by the
     * balance rules; nothing is written.
     *
     * @param current the positions of the accounts, at least of those the movement touches that exist
     * @throws Rejection {@code account_not_found}, {@code insufficient_funds}, {@code balance_limit_exceeded}
     */
    public List<Position> after(Movement movement, Map<UUID, Position> current) {
        return after(movement.legs(), current);
    }

    private List<Position> after(List<Movement.Leg> legs, Map<UUID, Position> current) {
        for (Movement.Leg leg : legs) {
            if (!current.containsKey(leg.accountId())) {
                throw Rejection.accountNotFound(leg.accountId());
            }
        }
        return legs.stream().map(leg -> current.get(leg.accountId()).after(leg.change(), maxBalance)).toList();
    }
}
