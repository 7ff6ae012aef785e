package homework.arch.order.service;

import homework.arch.infra.client.BillingRejected;
import homework.arch.infra.correlation.CorrelationId;
import homework.arch.infra.database.Transactions;
import homework.arch.infra.idempotency.Claim.RecordedResponse;
import homework.arch.infra.idempotency.IdempotencyStore;
import homework.arch.infra.money.CurrencyUnit;
import homework.arch.infra.problem.ProblemException;
import homework.arch.infra.tracing.Traces;
import homework.arch.order.CancellationReason;
import homework.arch.order.Order;
import homework.arch.order.client.BillingPayments;
import homework.arch.order.client.Payment;
import homework.arch.order.config.OrdersConfig;
import homework.arch.order.messaging.OrderEvents;
import homework.arch.order.repository.OrderCursor;
import homework.arch.order.repository.OrderRepository;
import homework.arch.order.repository.OrderStore;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Places orders and settles them. An order is committed PENDING before billing is asked to pay it, so no payment can
 * exist for an order we do not know; the payment is idempotent by order id, so the placing request, its retries and
 * the reconciler may all ask for it without ever charging twice. The outcome is recorded, with its event, by whichever
 * attempt learns it first; later attempts find the order settled and change nothing. Placing and settling are one
 * statement each ({@link OrderStore}); reads and the reconciler's claims go through Hibernate.
 */
@ApplicationScoped
public class OrderService {

    private static final Logger LOG = Logger.getLogger(OrderService.class);
    private static final int MAX_BACKOFF_DOUBLINGS = 20;

    private final OrderRepository orders;
    private final OrderStore store;
    private final BillingPayments billing;
    private final OrderEvents events;
    private final IdempotencyStore idempotency;
    private final OrdersConfig config;
    private final CurrencyUnit currency;
    private final Transactions transactions;
    private final OrderMetrics metrics;
    private final Traces traces;

    public OrderService(OrderRepository orders, OrderStore store, BillingPayments billing, OrderEvents events,
            IdempotencyStore idempotency, OrdersConfig config, CurrencyUnit currency, Transactions transactions,
            OrderMetrics metrics, Traces traces) {
        this.orders = orders;
        this.store = store;
        this.billing = billing;
        this.events = events;
        this.idempotency = idempotency;
        this.config = config;
        this.currency = currency;
        this.transactions = transactions;
        this.metrics = metrics;
        this.traces = traces;
    }

    /** The order and whether this request created it (false: the same order was placed before). */
    public record Placement(Order order, boolean created) {
    }

    /** The response to a request with an Idempotency-Key, and whether it is the recorded one of an earlier request. */
    public record KeyedPlacement(RecordedResponse response, boolean replayed) {
    }

    public record Page(List<Order> items, String nextCursor) {
    }

    public Uni<Placement> place(PlaceOrder request) {
        UUID id = request.id() != null ? request.id() : UUID.randomUUID();
        return register(id, request).chain(this::payIfPending);
    }

    /**
     * Places an order at most once per Idempotency-Key. The key is claimed, and committed, before the order is stored,
     * so a concurrent duplicate sees it in progress while the order is stored and billing is called; a request that
     * ends without an answer worth replaying (order_exists, a failure) gives the key up again. An order without an id
     * gets one derived from the user and the key: should this request die before recording its response, the retry
     * finds the same order instead of placing a second one.
     *
     * @param scope  the caller's own namespace of keys, so that one user's key never replays, blocks or reveals
     *               another's request
     * @param render the HTTP response to record and replay for a placement
     */
    public Uni<KeyedPlacement> place(PlaceOrder request, String scope, String key,
            Function<Placement, RecordedResponse> render) {
        IdempotencyStore.requireValidKey(key);
        UUID id = request.id() != null ? request.id() : idFor(request.userId(), key);
        return transactions.inTransaction(() -> idempotency.claim(scope, key, request.fingerprint()))
                .chain(claim -> !claim.isAcquired()
                        ? Uni.createFrom().item(new KeyedPlacement(claim.recorded(), true))
                        : register(id, request).chain(this::payIfPending).map(render)
                                .call(response -> transactions.inTransaction(() -> idempotency.complete(
                                        scope, key, claim, response.status(), response.body())))
                                .map(response -> new KeyedPlacement(response, false))
                                // nothing worth replaying: free the key so a retry need not wait for the lease
                                .onFailure().call(() -> transactions.inTransaction(() -> idempotency.abandon(
                                        scope, key, claim))));
    }

    /** Another user's order is not found, exactly like one that does not exist: its existence is not revealed. */
    public Uni<Order> findOf(UUID owner, UUID id) {
        return transactions.inSession(() -> orders.findById(id))
                .map(order -> order != null && order.belongsTo(owner) ? order : null)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("order_not_found", "No order " + id));
    }

    public Uni<Page> listOfUser(UUID userId, String cursor, int limit) {
        OrderCursor after = cursor == null || cursor.isEmpty() ? null : OrderCursor.decode(cursor);
        return transactions.inSession(() -> orders.pageOfUser(userId, after, limit)).map(rows -> {
            if (rows.size() <= limit) {
                return new Page(rows, null);
            }
            List<Order> items = rows.subList(0, limit);
            Order last = items.get(limit - 1);
            return new Page(items, new OrderCursor(last.createdAt(), last.id()).encode());
        });
    }

    /**
     * One reconciliation run: claims the due PENDING orders (postponing their next attempt, so neither this nor
     * another replica picks them again before that) and asks billing for each one's payment again.
     */
    public Uni<Void> reconcileDue() {
        Instant now = Instant.now();
        OrdersConfig.Reconciler reconciler = config.reconciler();
        return transactions.inTransaction(() -> orders.lockDuePending(now, reconciler.batchSize())
                        .invoke(due -> due.forEach(order ->
                                order.postponePayment(now, backoff(order.paymentAttempts())))))
                .onItem().transformToMulti(due -> Multi.createFrom().iterable(due))
                // A trace per order, so that each one's logs and event can be told apart.
                .onItem().transformToUniAndConcatenate(order -> traces.inNewTrace("reconcile order", () -> {
                    CorrelationId.adopt(null);
                    return settle(order).onFailure().recoverWithItem(e -> {
                        LOG.errorf(e, "Could not reconcile order %s; it stays PENDING", order.id());
                        return order;
                    });
                }))
                .collect().asList()
                .replaceWithVoid();
    }

    /** Stores the new order; an order placed before under the same id is the answer if it is the same order. */
    private Uni<Placement> register(UUID id, PlaceOrder request) {
        Order order = Order.place(id, request.userId(), request.price(), currency, Instant.now(),
                config.reconciler().firstAttemptAfter());
        return store.register(order).map(registered -> {
            if (!registered.created() && !registered.order().isPlacedAs(request.userId(), request.price())) {
                throw ProblemException.conflict("order_exists",
                        "Order " + id + " was already placed with a different user or price");
            }
            return new Placement(registered.order(), registered.created());
        });
    }

    private Uni<Placement> payIfPending(Placement placement) {
        return placement.order().isPending()
                ? settle(placement.order()).map(order -> new Placement(order, placement.created()))
                : Uni.createFrom().item(placement);
    }

    /** Asks billing for the order's payment and records the outcome; the order stays PENDING if none is known. */
    private Uni<Order> settle(Order order) {
        return billing.pay(order.id(), order.userId(), order.price())
                .map(Outcome::of)
                .onFailure(BillingRejected.class).recoverWithItem(e -> Outcome.cancelled(
                        CancellationReason.ofRefusal(((BillingRejected) e).code())))
                .onItemOrFailure().transformToUni((outcome, failure) -> {
                    if (failure != null || outcome == null) {
                        LOG.warnf("Payment of order %s has no known outcome yet (%s); it stays PENDING", order.id(),
                                failure != null ? failure.toString() : "unknown payment status");
                        return Uni.createFrom().item(order);
                    }
                    return record(order, outcome);
                });
    }

    /**
     * Settles the PENDING order as the entity's rules say, and stores that with its event unless the stored order was
     * settled meanwhile: then that order is the answer (a concurrent attempt recorded it, and published its event).
     * Counted and its event sent after the commit, by the one attempt that settled the order.
     */
    private Uni<Order> record(Order order, Outcome outcome) {
        Instant now = Instant.now();
        if (outcome.paid()) {
            order.markPaid(now);
        } else {
            order.cancel(outcome.reason(), now);
        }
        return store.settle(order, events.settled(order)).invoke(settled -> {
            if (settled.now()) {
                events.committed();
                metrics.settled(settled.order());
            }
        }).map(OrderStore.Settled::order);
    }

    private Duration backoff(int failedAttempts) {
        OrdersConfig.Reconciler reconciler = config.reconciler();
        Duration backoff = reconciler.minBackoff().multipliedBy(1L << Math.min(failedAttempts, MAX_BACKOFF_DOUBLINGS));
        return backoff.compareTo(reconciler.maxBackoff()) > 0 ? reconciler.maxBackoff() : backoff;
    }

    private static UUID idFor(UUID userId, String key) {
        return UUID.nameUUIDFromBytes(("order|" + userId + "|" + key).getBytes(StandardCharsets.UTF_8));
    }

    /** What billing's answer means for the order; null when it means nothing yet. */
    private record Outcome(boolean paid, CancellationReason reason) {

        static Outcome of(Payment payment) {
            if (payment.succeeded()) {
                return new Outcome(true, null);
            }
            if (payment.declined()) {
                return cancelled(CancellationReason.ofDecline(payment.reason()));
            }
            return null;
        }

        static Outcome cancelled(CancellationReason reason) {
            return new Outcome(false, reason);
        }
    }
}
