package homework.arch.billing.api;

import static homework.arch.billing.Http.accountWith;
import static homework.arch.billing.Http.available;
import static homework.arch.billing.Http.payBody;
import static homework.arch.billing.Http.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import homework.arch.billing.Http;
import homework.arch.billing.Parallel;
import homework.arch.testsupport.RecordedSpans;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * An order's payment without an Idempotency-Key (how order-service pays) is one SQL statement in autocommit, whatever
 * it decides, and still pays each order once and never overdraws. The statements are the SQL client spans in the
 * request's trace.
 */
@QuarkusTest
class PaymentStatementsTest {

    private static final String PAYMENTS = "/internal/billing/payments";

    @Inject
    RecordedSpans spans;

    @Test
    void aPaymentIsOneStatementAndARepeatTwoAtMost() {
        UUID user = accountWith("100");
        UUID order = UUID.randomUUID();

        Traced first = pay(order, user, "60");
        first.response().statusCode(201).body("status", is("SUCCEEDED"));
        assertThat(first.statements()).isEqualTo(1);
        Traced repeat = pay(order, user, "60");
        repeat.response().statusCode(200).body("status", is("SUCCEEDED"));
        assertThat(repeat.statements()).isLessThanOrEqualTo(2);
        assertThat(available(user)).isEqualByComparingTo("40");
    }

    @Test
    void aDeclineIsOneStatementAndLeavesTheBalance() {
        UUID user = accountWith("10");

        Traced poor = pay(UUID.randomUUID(), user, "10.01");
        poor.response().statusCode(201).body("status", is("DECLINED")).body("reason", is("insufficient_funds"));
        assertThat(poor.statements()).isEqualTo(1);
        Traced nobody = pay(UUID.randomUUID(), UUID.randomUUID(), "1");
        nobody.response().statusCode(201).body("status", is("DECLINED")).body("reason", is("account_not_found"));
        assertThat(nobody.statements()).isEqualTo(1);
        assertThat(available(user)).isEqualByComparingTo("10");
    }

    @Test
    void parallelPaymentsOfManyOrdersNeverOverdraw() {
        UUID user = accountWith("100");

        List<HttpResponse<String>> responses = Parallel.send(30, i -> Parallel.post(Http.basic(Http.ORDER_SERVICE),
                PAYMENTS, null, payBody(UUID.randomUUID(), user, "10")));

        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(201));
        Map<String, Long> outcomes = responses.stream().map(r -> JsonPath.from(r.body()))
                .collect(Collectors.groupingBy(json -> json.getString("status") + " " + json.getString("reason"),
                        Collectors.counting()));
        assertThat(outcomes).containsOnly(Map.entry("SUCCEEDED null", 10L), Map.entry("DECLINED insufficient_funds",
                20L));
        assertThat(available(user)).isZero();
    }

    private record Traced(ValidatableResponse response, long statements) {
    }

    /** Pays in a trace of the test's own and counts the SQL statements the request made. */
    private Traced pay(UUID order, UUID user, String amount) {
        byte[] id = new byte[16];
        ThreadLocalRandom.current().nextBytes(id);
        id[0] |= 1;
        String traceId = HexFormat.of().formatHex(id);
        ValidatableResponse response = service(Http.ORDER_SERVICE)
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .body(payBody(order, user, amount)).post(PAYMENTS).then();
        // The server span ends once the answer is sent: by then every statement of the request has ended.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> RecordedSpans.only(spans.ofTrace(traceId),
                SpanKind.SERVER, PAYMENTS));
        return new Traced(response, spans.ofTrace(traceId).values().stream()
                .filter(PaymentStatementsTest::isStatement).count());
    }

    private static boolean isStatement(SpanData span) {
        return span.getKind() == SpanKind.CLIENT
                && span.getAttributes().asMap().keySet().stream().anyMatch(key -> key.getKey().startsWith("db."));
    }
}
