package homework.arch.order.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import homework.arch.infra.client.BillingRejected;
import homework.arch.infra.client.BillingUnavailable;
import homework.arch.infra.database.Transactions;
import homework.arch.infra.money.CurrencyUnit;
import homework.arch.infra.outbox.OutboxEntry;
import homework.arch.infra.problem.ProblemException;
import homework.arch.infra.tracing.Traces;
import homework.arch.order.CancellationReason;
import homework.arch.order.Order;
import homework.arch.order.OrderStatus;
import homework.arch.order.client.BillingPayments;
import homework.arch.order.client.Payment;
import homework.arch.order.config.OrdersConfig;
import homework.arch.order.messaging.OrderEvents;
import homework.arch.order.repository.OrderRepository;
import homework.arch.order.repository.OrderStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.smallrye.mutiny.Uni;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The placing workflow's rules, without Quarkus: billing and the event outbox are stubbed, the orders live in a map
 * (as copies, like rows: what the service holds is never the stored order itself).
 * OrderResourceTest and its neighbours show the same against PostgreSQL, RabbitMQ and a stubbed billing over HTTP.
 */
class OrderServiceTest {

    private static final BigDecimal PRICE = new BigDecimal("30.00");

    private final Map<UUID, Order> stored = new HashMap<>();
    /** The orders whose event was written with their outcome, in that order. */
    private final List<UUID> settledEvents = new ArrayList<>();
    /** How often the service told the outbox that a settling statement committed. */
    private int commitsWithEvents;
    private final List<UUID> paymentsAsked = new ArrayList<>();
    private Supplier<Uni<Payment>> billingAnswers = () -> Uni.createFrom().item(new Payment(Payment.SUCCEEDED, null));

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final OrderService service = new OrderService(new Orders(), new Store(), new Billing(), new Events(), null,
            new Config(), CurrencyUnit.of("USD"), Transactions.none(), new OrderMetrics(meters),
            new Traces(OpenTelemetry.noop()));

    @Test
    void aPaidOrderIsStoredPaidAndItsEventPublishedOnce() {
        OrderService.Placement placement = place(UUID.randomUUID());

        assertThat(placement.created()).isTrue();
        assertThat(placement.order().status()).isEqualTo(OrderStatus.PAID);
        assertThat(settledEvents).containsExactly(placement.order().id());
        assertThat(commitsWithEvents).as("the relay is woken once the event committed").isEqualTo(1);
        assertThat(stored.get(placement.order().id()).status()).isEqualTo(OrderStatus.PAID);
    }

    @Test
    void aDeclinedPaymentCancelsTheOrderWithBillingsReason() {
        billingAnswers = () -> Uni.createFrom().item(new Payment(Payment.DECLINED, "insufficient_funds"));

        Order order = place(UUID.randomUUID()).order();

        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.reason()).isEqualTo(CancellationReason.INSUFFICIENT_FUNDS.code());
        assertThat(settledEvents).containsExactly(order.id());
    }

    @Test
    void aRefusedPaymentIsAFinalAnswerThatCancelsTheOrder() {
        billingAnswers = () -> Uni.createFrom().failure(new BillingRejected(404, "account_not_found"));

        Order order = place(UUID.randomUUID()).order();

        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.reason()).isEqualTo(CancellationReason.ACCOUNT_NOT_FOUND.code());
    }

    @Test
    void withoutAKnownOutcomeTheOrderStaysPendingAndNothingIsPublished() {
        billingAnswers = () -> Uni.createFrom().failure(new BillingUnavailable(503));
        Order unavailable = place(UUID.randomUUID()).order();
        billingAnswers = () -> Uni.createFrom().item(new Payment("PROCESSING", null));
        Order unknown = place(UUID.randomUUID()).order();

        assertThat(unavailable.isPending()).isTrue();
        assertThat(unknown.isPending()).isTrue();
        assertThat(settledEvents).isEmpty();
    }

    @Test
    void placingTheSameOrderAgainAnswersWithItAndAsksBillingForAPendingOneOnly() {
        UUID id = UUID.randomUUID();
        billingAnswers = () -> Uni.createFrom().failure(new BillingUnavailable(503));
        UUID user = place(id).order().userId();
        billingAnswers = () -> Uni.createFrom().item(new Payment(Payment.SUCCEEDED, null));

        OrderService.Placement retried = place(id, user);
        OrderService.Placement again = place(id, user);

        assertThat(retried.created()).isFalse();
        assertThat(retried.order().status()).isEqualTo(OrderStatus.PAID);
        assertThat(again.created()).isFalse();
        assertThat(paymentsAsked).containsExactly(id, id); // the first attempt and the retry, not the paid order
        assertThat(settledEvents).hasSize(1);
        assertThat(commitsWithEvents).isEqualTo(1);
    }

    @Test
    void anOutcomeAnotherAttemptRecordedMeanwhileIsTheAnswerAndIsNotRecordedAgain() {
        UUID id = UUID.randomUUID();
        billingAnswers = () -> {
            Order concurrent = copy(stored.get(id)); // e.g. the reconciler, which billing answered first
            concurrent.cancel(CancellationReason.INSUFFICIENT_FUNDS, Instant.now());
            stored.put(id, concurrent);
            return Uni.createFrom().item(new Payment(Payment.SUCCEEDED, null));
        };

        OrderService.Placement placement = place(id);

        assertThat(placement.created()).isTrue();
        assertThat(placement.order().status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(stored.get(id).status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(settledEvents).isEmpty();
        assertThat(meters.find("orders.settled").counters()).isEmpty();
    }

    @Test
    void theSameIdWithAnotherUserOrPriceIsAConflict() {
        UUID id = UUID.randomUUID();
        UUID user = place(id).order().userId();

        assertThatThrownBy(() -> service.place(new PlaceOrder(id, user, new BigDecimal("31.00"))).await().indefinitely())
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.problem().code()).isEqualTo("order_exists"));
        assertThatThrownBy(() -> place(id, UUID.randomUUID())).isInstanceOf(ProblemException.class);
    }

    @Test
    void theReconcilerSettlesWhatBillingNowKnows() {
        billingAnswers = () -> Uni.createFrom().failure(new BillingUnavailable(503));
        Order pending = place(UUID.randomUUID()).order();
        billingAnswers = () -> Uni.createFrom().item(new Payment(Payment.SUCCEEDED, null));

        service.reconcileDue().await().indefinitely();

        assertThat(stored.get(pending.id()).status()).isEqualTo(OrderStatus.PAID);
        assertThat(settledEvents).containsExactly(pending.id());
    }

    @Test
    void eachOrderIsCountedOnceWhenSettledByOutcomeAndReason() {
        UUID paid = UUID.randomUUID();
        UUID user = place(paid).order().userId();
        place(paid, user); // answered with the paid order: not settled again
        billingAnswers = () -> Uni.createFrom().item(new Payment(Payment.DECLINED, "insufficient_funds"));
        place(UUID.randomUUID());
        billingAnswers = () -> Uni.createFrom().failure(new BillingUnavailable(503));
        place(UUID.randomUUID()); // stays PENDING: not counted

        assertThat(settled("paid", "none")).isEqualTo(1);
        assertThat(settled("cancelled", "insufficient_funds")).isEqualTo(1);
        assertThat(meters.find("orders.settled").counters()).hasSize(2);
    }

    private double settled(String outcome, String reason) {
        return meters.get("orders.settled").tag("outcome", outcome).tag("reason", reason).counter().count();
    }

    private OrderService.Placement place(UUID id) {
        return place(id, UUID.randomUUID());
    }

    private OrderService.Placement place(UUID id, UUID user) {
        return service.place(new PlaceOrder(id, user, PRICE)).await().indefinitely();
    }

    private final class Orders extends OrderRepository {

        @Override
        public Uni<List<Order>> lockDuePending(Instant now, int limit) {
            return Uni.createFrom().item(stored.values().stream().filter(Order::isPending).limit(limit)
                    .map(OrderServiceTest::copy).toList());
        }
    }

    /** What PostgreSQL decides in OrderStore's statements: the first order of an id, the first outcome of an order. */
    private final class Store extends OrderStore {

        Store() {
            super(null);
        }

        @Override
        public Uni<Registered> register(Order order) {
            Order existing = stored.putIfAbsent(order.id(), copy(order));
            return Uni.createFrom().item(existing == null ? new Registered(copy(order), true)
                    : new Registered(copy(existing), false));
        }

        @Override
        public Uni<Settled> settle(Order settled, OutboxEntry event) {
            Order current = stored.get(settled.id());
            if (!current.isPending()) {
                return Uni.createFrom().item(new Settled(copy(current), false));
            }
            stored.put(settled.id(), copy(settled));
            settledEvents.add(UUID.fromString(event.aggregateId()));
            return Uni.createFrom().item(new Settled(copy(settled), true));
        }
    }

    private static Order copy(Order order) {
        return Order.stored(order.id(), order.userId(), order.priceInMinorUnits(), order.currency(), order.status(),
                order.reason(), order.createdAt(), order.settledAt(), order.paymentAttempts(), order.nextPaymentAt());
    }

    private final class Billing extends BillingPayments {

        Billing() {
            super(null);
        }

        @Override
        public Uni<Payment> pay(UUID orderId, UUID userId, BigDecimal amount) {
            paymentsAsked.add(orderId);
            return billingAnswers.get();
        }
    }

    private final class Events extends OrderEvents {

        Events() {
            super(null);
        }

        @Override
        public OutboxEntry settled(Order order) {
            return new OutboxEntry(UUID.randomUUID(), "order", order.id().toString(), order.status().name(), "{}",
                    "orders", "order." + order.status().name().toLowerCase(Locale.ROOT), "{}");
        }

        @Override
        public void committed() {
            commitsWithEvents++;
        }
    }

    private static final class Config implements OrdersConfig {

        @Override
        public String currency() {
            return "USD";
        }

        @Override
        public Reconciler reconciler() {
            return new Reconciler() {
                @Override
                public String every() {
                    return "off";
                }

                @Override
                public Duration firstAttemptAfter() {
                    return Duration.ZERO;
                }

                @Override
                public Duration minBackoff() {
                    return Duration.ofSeconds(2);
                }

                @Override
                public Duration maxBackoff() {
                    return Duration.ofMinutes(5);
                }

                @Override
                public int batchSize() {
                    return 20;
                }
            };
        }
    }
}
