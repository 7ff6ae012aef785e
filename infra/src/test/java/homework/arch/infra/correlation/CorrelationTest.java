package homework.arch.infra.correlation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.rabbitmq.client.AMQP;
import homework.arch.testsupport.BrokerClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
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

/** What travels with a request and with a message, in the test app of infra (CorrelationProbe, ConsumerProbe). */
@QuarkusTest
class CorrelationTest {

    @TestHTTPResource("/")
    URL root;

    @Test
    void theCorrelationIdOfARequestTravelsOnItsRestClientCalls() {
        given().header(CorrelationId.HTTP_HEADER, "call-chain-1")
                .queryParam("baseUri", root.toString())
                .when().get("/correlation-probe/call")
                .then().statusCode(200)
                .header(CorrelationId.HTTP_HEADER, "call-chain-1")
                .body(equalTo("call-chain-1"));
    }

    @Test
    void aConsumerLogsUnderTheCorrelationIdOfTheMessage() {
        Map<String, String> correlationByLine = new ConcurrentHashMap<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                Object id = MDC.get(CorrelationId.MDC_KEY);
                correlationByLine.put(((ExtLogRecord) record).getFormattedMessage(), String.valueOf(id));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger service = Logger.getLogger(ConsumerProbe.class.getName());
        service.addHandler(capture);
        try (BrokerClient broker = BrokerClient.connect("infra tests")) {
            UUID byHeader = UUID.randomUUID();
            UUID byProperty = UUID.randomUUID();
            publish(broker, byHeader, new AMQP.BasicProperties.Builder()
                    .headers(Map.of(CorrelationId.MESSAGE_HEADER, "from-header-1")));
            publish(broker, byProperty, new AMQP.BasicProperties.Builder().correlationId("from-property-2"));

            await().atMost(Duration.ofSeconds(30)).until(() -> lineFor(correlationByLine, byHeader) != null
                    && lineFor(correlationByLine, byProperty) != null);
            assertThat(lineFor(correlationByLine, byHeader)).isEqualTo("from-header-1");
            assertThat(lineFor(correlationByLine, byProperty)).isEqualTo("from-property-2");
        } finally {
            service.removeHandler(capture);
        }
    }

    private static void publish(BrokerClient broker, UUID subject, AMQP.BasicProperties.Builder properties) {
        UUID eventId = UUID.randomUUID();
        broker.publish(ConsumerProbe.EXCHANGE, ConsumerProbe.ROUTING_KEY, properties.contentType("application/json")
                .messageId(eventId.toString()).type("Probed").build(),
                "{\"eventId\":\"" + eventId + "\",\"subject\":\"" + subject + "\"}");
    }

    private static String lineFor(Map<String, String> correlationByLine, UUID subject) {
        return correlationByLine.entrySet().stream().filter(e -> e.getKey().contains(subject.toString()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
