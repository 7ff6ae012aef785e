package homework.arch.order;

import static homework.arch.order.OrderApi.as;
import static homework.arch.order.OrderApi.paymentsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import homework.arch.testsupport.BillingStub;
import homework.arch.testsupport.PublishedEvents;
import homework.arch.testsupport.RecordedSpans;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One order, one trace: the caller's trace goes on in the order request, its call to billing (which billing continues
 * from the {@code traceparent} it receives) and the publishing of the order's event.
 */
@QuarkusTest
@WithTestResource(BillingStub.class)
class OrderTracingTest extends WithPayingBilling {

    private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";

    @Inject
    RecordedSpans spans;

    @Test
    void theOrderRequestTheBillingCallAndTheEventShareTheCallersTrace() throws Exception {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        UUID user = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        try (PublishedEvents events = PublishedEvents.on("orders", "order.*")) {
            as(user).header("traceparent", "00-" + traceId + "-" + CALLER_SPAN_ID + "-01")
                    .contentType(ContentType.JSON).body(Map.of("id", id.toString(), "price", 10))
                    .post("/orders").then().statusCode(201)
                    .header("X-Correlation-Id", traceId);

            PublishedEvents.Event event = events.first(PublishedEvents.withField("orderId", id));
            String sentParent = traceparentOf(event);

            List<LoggedRequest> payments = billing.findAll(paymentsOf(user));
            assertThat(payments).hasSize(1);
            String billingParent = payments.get(0).getHeader("traceparent");

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Map<String, SpanData> trace = spans.ofTrace(traceId);
                SpanData server = RecordedSpans.only(trace, SpanKind.SERVER, "/orders");
                SpanData client = RecordedSpans.only(trace, SpanKind.CLIENT, "POST");
                SpanData publish = RecordedSpans.only(trace, SpanKind.PRODUCER, "orders publish");
                assertThat(server.getParentSpanId()).isEqualTo(CALLER_SPAN_ID);
                assertThat(RecordedSpans.descendsFrom(trace, client, server)).as("billing call in the request")
                        .isTrue();
                assertThat(billingParent).as("billing's server span continues the client span")
                        .isEqualTo("00-" + traceId + "-" + client.getSpanId() + "-01");
                assertThat(RecordedSpans.descendsFrom(trace, publish, server)).as("event published in the trace")
                        .isTrue();
                assertThat(sentParent).as("the consumer continues the publish span")
                        .isEqualTo("00-" + traceId + "-" + publish.getSpanId() + "-01");
            });
            assertThat(event.properties().getHeaders().get("x-correlation-id")).hasToString(traceId);
        }
    }

    private static String traceparentOf(PublishedEvents.Event event) {
        Object header = event.properties().getHeaders().get("traceparent");
        assertThat(header).as("traceparent header of the event").isNotNull();
        return header.toString();
    }
}
