package homework.arch.order;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static homework.arch.order.OrderApi.as;
import static homework.arch.order.OrderApi.payments;
import static homework.arch.order.OrderApi.place;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import homework.arch.testsupport.BillingStub;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** order-service's meters against PostgreSQL, RabbitMQ and a stubbed billing. */
@QuarkusTest
@WithTestResource(BillingStub.class)
class OrderMetricsTest extends WithPayingBilling {

    @Inject
    MeterRegistry registry;

    @Inject
    Pool pool;

    @Test
    void aPendingOrderShowsInTheGaugesUntilItIsPaidAndThenCountsAsPaidOnce() {
        double paid = settled("paid", "none");
        billing.stubFor(payments().willReturn(aResponse().withStatus(503)));
        UUID id = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        place(user, Map.of("id", id.toString(), "price", 20)).statusCode(202).body("status", equalTo("PENDING"));
        // As if it had waited ten minutes: what the PendingOrdersTooOld alert looks for.
        pool.preparedQuery("UPDATE orders SET created_at = now() - interval '10 minutes' WHERE id = $1")
                .execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(gauge("orders.pending")).isGreaterThanOrEqualTo(1);
            assertThat(gauge("orders.pending.oldest.age")).isGreaterThanOrEqualTo(600);
        });
        assertThat(settled("paid", "none")).isEqualTo(paid);

        billingPays();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                as(user).get("/orders/{id}", id).then().body("status", equalTo("PAID")));
        assertThat(settled("paid", "none")).isEqualTo(paid + 1);
    }

    @Test
    void httpRequestsAreTaggedWithTheTemplateNotTheOrdersId() {
        UUID user = UUID.randomUUID();
        UUID id = UUID.fromString(place(user, Map.of("price", 3)).statusCode(201).extract().path("id"));
        as(user).get("/orders/{id}", id).then().statusCode(200);

        assertThat(registry.find("http.server.requests").tag("uri", "/orders/{id}").timers()).isNotEmpty();
        assertThat(registry.find("http.server.requests").meters()).map(Meter::getId)
                .noneMatch(meter -> meter.getTag("uri").contains(id.toString()));
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    private double settled(String outcome, String reason) {
        Counter counter = registry.find("orders.settled").tag("outcome", outcome).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }
}
