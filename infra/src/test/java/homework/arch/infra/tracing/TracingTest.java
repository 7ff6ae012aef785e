package homework.arch.infra.tracing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import homework.arch.infra.correlation.ConsumerProbe;
import homework.arch.infra.correlation.CorrelationId;
import homework.arch.infra.outbox.OutboxWakeUpTest;
import homework.arch.testsupport.RecordedSpans;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logging.MDC;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/**
 * One trace from a request through the outbox and the broker to a consumer: the request's span, the relay's publish
 * span and the consumer's process span form one tree, and the consumer logs under the request's trace.
 */
@QuarkusTest
@TestProfile(OutboxWakeUpTest.RelayEnabled.class) // the relay runs as in a producing service
class TracingTest {

    private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";

    @Inject
    RecordedSpans spans;

    @Test
    void anEventWrittenByARequestIsPublishedAndConsumedInTheRequestsTrace() {
        String traceId = randomTraceId();
        UUID subject = UUID.randomUUID();
        Map<String, String[]> logged = new ConcurrentHashMap<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.put(((ExtLogRecord) record).getFormattedMessage(), new String[] {
                        String.valueOf(MDC.get("traceId")), String.valueOf(MDC.get(CorrelationId.MDC_KEY)) });
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger consumer = Logger.getLogger(ConsumerProbe.class.getName());
        consumer.addHandler(capture);
        try {
            given().header("traceparent", "00-" + traceId + "-" + CALLER_SPAN_ID + "-01")
                    .queryParam("subject", subject)
                    .when().post("/tracing-probe")
                    .then().statusCode(204);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Map<String, SpanData> trace = spans.ofTrace(traceId);
                SpanData server = RecordedSpans.only(trace, SpanKind.SERVER, "/tracing-probe");
                SpanData publish = RecordedSpans.only(trace, SpanKind.PRODUCER, "infra-tests publish");
                SpanData process = RecordedSpans.only(trace, SpanKind.CONSUMER, "infra-tests.probe process");
                assertThat(server.getParentSpanId()).isEqualTo(CALLER_SPAN_ID);
                assertThat(RecordedSpans.descendsFrom(trace, publish, server)).as("publish under the request").isTrue();
                assertThat(RecordedSpans.descendsFrom(trace, process, publish)).as("process under publish").isTrue();
                assertThat(trace.values()).as("the consumer's database work belongs to its processing")
                        .anySatisfy(span -> {
                            assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
                            assertThat(RecordedSpans.descendsFrom(trace, span, process)).isTrue();
                        });
            });
            String[] line = logged.entrySet().stream().filter(e -> e.getKey().contains(subject.toString()))
                    .map(Map.Entry::getValue).findFirst().orElseThrow();
            assertThat(line).as("trace id and correlation id of the consumer's log line")
                    .containsExactly(traceId, traceId);
        } finally {
            consumer.removeHandler(capture);
        }
    }

    @Test
    void statementsOutsideAnyTraceStartNone() {
        // The relay claims rows outside any trace several times a second; each claim would be a trace of its own.
        String traceId = randomTraceId();
        given().header("traceparent", "00-" + traceId + "-" + CALLER_SPAN_ID + "-01")
                .queryParam("subject", UUID.randomUUID())
                .when().post("/tracing-probe")
                .then().statusCode(204);
        // published, so the relay has claimed rows (outside any trace) meanwhile
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                RecordedSpans.only(spans.ofTrace(traceId), SpanKind.PRODUCER, "infra-tests publish"));
        assertThat(spans.roots(SpanKind.CLIENT)).as("client spans that began a trace").isEmpty();
    }

    private static String randomTraceId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
