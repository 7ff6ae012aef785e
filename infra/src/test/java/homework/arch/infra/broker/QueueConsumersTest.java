package homework.arch.infra.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ConnectionFactory;
import homework.arch.testsupport.BrokerClient;
import homework.arch.testsupport.TcpProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * infra's own consumer against the real broker: declarations, settlements (acks gathered, rejections, requeues) and a
 * connection cut under it (through a proxy of the test's own, so that no other test loses its broker).
 */
@QuarkusTest
class QueueConsumersTest {

    private static final Duration SOON = Duration.ofSeconds(20);

    @Inject
    Vertx vertx;

    @Inject
    Broker broker;

    @Inject
    @Readiness
    QueueConsumers applications;

    private final String queue = "infra-tests.consumer." + UUID.randomUUID();
    private final String exchange = "infra-tests.consumer";
    private final Handler handler = new Handler();
    private BrokerClient rabbit;
    private TcpProxy proxy;
    private QueueConsumers consumers;

    /** Acks each body, except "poison" (dead-lettered), "fail" (throws) and "leave" (returns without settling). */
    private static final class Handler implements QueueHandler {

        final Set<String> acked = ConcurrentHashMap.newKeySet();
        final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        final Set<String> threads = ConcurrentHashMap.newKeySet();

        @Override
        public String channel() {
            return "test";
        }

        @Override
        public Uni<Void> onDelivery(Delivery delivery) {
            String body = new String(delivery.body(), StandardCharsets.UTF_8);
            int seen = deliveries.computeIfAbsent(body, b -> new AtomicInteger()).incrementAndGet();
            threads.add(Thread.currentThread().getName());
            if (seen > 1) {
                // Handed back once: taken the second time.
                acked.add(body);
                delivery.ack();
                return Uni.createFrom().voidItem();
            }
            switch (body) {
                case "poison" -> delivery.deadLetter();
                case "fail" -> throw new IllegalStateException("a handler's bug");
                case "leave" -> {
                }
                default -> {
                    acked.add(body);
                    delivery.ack();
                }
            }
            return Uni.createFrom().voidItem();
        }
    }

    @BeforeEach
    void start() {
        rabbit = BrokerClient.connect("QueueConsumersTest");
        ConnectionFactory viaProxy = broker.factory();
        proxy = new TcpProxy(viaProxy.getHost(), viaProxy.getPort());
        viaProxy.setPort(proxy.port());
        consumers = new QueueConsumers(vertx, config(), viaProxy, List.of(handler), "QueueConsumersTest");
        consumers.start();
        await().atMost(SOON).until(() -> consumers.call().getStatus() == HealthCheckResponse.Status.UP);
    }

    @AfterEach
    void stop() throws Exception {
        consumers.stop();
        proxy.close();
        rabbit.delete(queue);
        rabbit.delete(queue + ".dlq");
        rabbit.close();
    }

    @Test
    void theApplicationsOwnHandlersAreConsumedAndReadinessSaysSo() {
        // ConsumerProbe, a QueueHandler bean of the test app, found as a service's handlers are.
        await().atMost(SOON).untilAsserted(() -> {
            HealthCheckResponse ready = applications.call();
            assertThat(ready.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            assertThat(ready.getData()).hasValueSatisfying(
                    data -> assertThat(data).containsEntry("infra-tests.probe", true));
        });
    }

    @Test
    void everyDeliveryIsHandledOnAnEventLoopAndAcknowledged() {
        for (int i = 0; i < 200; i++) {
            publish("message " + i);
        }

        await().atMost(SOON).until(() -> handler.acked.size() == 200);
        assertThat(handler.threads).allMatch(thread -> thread.startsWith("vert.x-eventloop-thread-"));
        // Unacknowledged messages would go back to the queue as the consumer's channel closes.
        consumers.stop();
        assertThat(rabbit.ready(queue)).isZero();
        assertThat(handler.deliveries.values()).allMatch(count -> count.get() == 1);
    }

    @Test
    void poisonIsDeadLetteredAndWhatFailedOrWasLeftUnsettledComesAgain() {
        publish("before");
        publish("poison");
        publish("fail");
        publish("leave");
        publish("after");

        await().atMost(SOON).until(() -> handler.acked.containsAll(Set.of("before", "fail", "leave", "after")));
        assertThat(handler.deliveries.get("fail").get()).isEqualTo(2);
        assertThat(handler.deliveries.get("leave").get()).isEqualTo(2);
        await().atMost(SOON).until(() -> rabbit.ready(queue + ".dlq") == 1);
        assertThat(rabbit.drain(queue + ".dlq")).singleElement()
                .satisfies(dead -> assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("poison"));
        consumers.stop();
        assertThat(rabbit.ready(queue)).isZero();
        assertThat(handler.deliveries.get("poison").get()).isEqualTo(1);
    }

    @Test
    void aLostConnectionIsReportedAndRecovered() {
        publish("before the cut");
        await().atMost(SOON).until(() -> handler.acked.contains("before the cut"));

        proxy.cut();
        await().atMost(SOON).until(() -> consumers.call().getStatus() == HealthCheckResponse.Status.DOWN);
        publish("during the cut");
        proxy.restore();

        await().atMost(SOON).until(() -> consumers.call().getStatus() == HealthCheckResponse.Status.UP);
        await().atMost(SOON).until(() -> handler.acked.contains("during the cut"));
        consumers.stop();
        assertThat(rabbit.ready(queue)).isZero();
    }

    @Test
    void aBrokerThatCannotBeReachedAtStartIsTriedAgain() {
        consumers.stop();
        proxy.cut();
        QueueConsumers late = new QueueConsumers(vertx, config(), withPort(proxy.port()), List.of(handler),
                "QueueConsumersTest late");
        late.start();
        try {
            await().during(Duration.ofSeconds(1)).atMost(SOON)
                    .until(() -> late.call().getStatus() == HealthCheckResponse.Status.DOWN);
            proxy.restore();
            await().atMost(SOON).until(() -> late.call().getStatus() == HealthCheckResponse.Status.UP);
            publish("late");
            await().atMost(SOON).until(() -> handler.acked.contains("late"));
        } finally {
            late.stop();
        }
    }

    @Test
    void aHandlerThatStatesItsPrefetchHoldsThatManyDeliveries() {
        consumers.stop();
        // Settles nothing until released, so what it holds is what the broker let it have; the channel says 16.
        Queue<Delivery> held = new ConcurrentLinkedQueue<>();
        CompletableFuture<Void> released = new CompletableFuture<>();
        AtomicInteger afterRelease = new AtomicInteger();
        QueueHandler holding = new QueueHandler() {
            @Override
            public String channel() {
                return "test";
            }

            @Override
            public OptionalInt prefetch() {
                return OptionalInt.of(40);
            }

            @Override
            public Uni<Void> onDelivery(Delivery delivery) {
                if (released.isDone()) {
                    delivery.ack();
                    afterRelease.incrementAndGet();
                    return Uni.createFrom().voidItem();
                }
                held.add(delivery);
                return Uni.createFrom().completionStage(released);
            }
        };
        QueueConsumers batching = new QueueConsumers(vertx, config(), withPort(proxy.port()), List.of(holding),
                "QueueConsumersTest batching");
        batching.start();
        try {
            await().atMost(SOON).until(() -> batching.call().getStatus() == HealthCheckResponse.Status.UP);
            for (int i = 0; i < 50; i++) {
                publish("held " + i);
            }

            await().atMost(SOON).until(() -> held.size() == 40);
            await().during(Duration.ofMillis(500)).atMost(SOON).until(() -> held.size() == 40);
            assertThat(rabbit.ready(queue)).isEqualTo(10);
            held.forEach(Delivery::ack);
            released.complete(null);
            await().atMost(SOON).until(() -> afterRelease.get() == 10);
        } finally {
            batching.stop();
        }
    }

    private ConnectionFactory withPort(int port) {
        ConnectionFactory factory = broker.factory();
        factory.setPort(port);
        return factory;
    }

    private void publish(String body) {
        rabbit.publish(exchange, "test", new AMQP.BasicProperties.Builder().messageId(UUID.randomUUID().toString())
                .deliveryMode(2).build(), body);
    }

    private ConsumerConfig config() {
        String testQueue = queue;
        String testExchange = exchange;
        return new ConsumerConfig() {
            @Override
            public Duration reconnectInterval() {
                return Duration.ofMillis(500);
            }

            @Override
            public Duration ackLinger() {
                return Duration.ofMillis(5);
            }

            @Override
            public Map<String, Channel> channels() {
                return Map.of("test", new Channel() {
                    @Override
                    public String queue() {
                        return testQueue;
                    }

                    @Override
                    public String exchange() {
                        return testExchange;
                    }

                    @Override
                    public String exchangeType() {
                        return "topic";
                    }

                    @Override
                    public boolean declareExchange() {
                        return true;
                    }

                    @Override
                    public List<String> routingKeys() {
                        return List.of("test");
                    }

                    @Override
                    public int prefetch() {
                        return 16;
                    }

                    @Override
                    public int deliveryLimit() {
                        return 10;
                    }
                });
            }
        };
    }
}
