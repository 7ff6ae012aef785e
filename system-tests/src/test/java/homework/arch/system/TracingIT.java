package homework.arch.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import homework.arch.system.Api.Order;
import homework.arch.system.Api.User;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client's trace, through the ingress, order-service, billing, the outbox and the broker to notification-service:
 * the order's event carries the client's trace id, and so does notification-service's log line for the letter.
 */
@ExtendWith(StackReady.class)
class TracingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path NOTIFICATION_LOG = Stack.runDir().resolve("notification-service.log");

    private final Api api = new Api("tracing");

    @Test
    void theClientsTraceIdIsOnTheOrdersEventAndOnTheLetterLogLine() throws Exception {
        User user = api.createUser("Tracy Traced");
        api.deposit(user.id(), new BigDecimal("50.00"));
        String traceId = UUID.randomUUID().toString().replace("-", "");

        try (Rabbit tooling = Rabbit.connect("tracing-it")) {
            Channel channel = tooling.channel();
            String queue = channel.queueDeclare().getQueue();
            channel.queueBind(queue, "orders", "order.*");

            Order order = api.as(user.id()).header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                    .body(Map.of("userId", user.id(), "price", new BigDecimal("20.00")))
                    .post("/orders")
                    .then().statusCode(201).extract().as(Order.class);
            assertThat(order.status()).isEqualTo("PAID");

            Map<String, Object> headers = await().atMost(WAIT).until(() -> eventOf(channel, queue, order.id()),
                    found -> found != null);
            assertThat(String.valueOf(headers.get("traceparent"))).as("the OrderPaid event's traceparent")
                    .startsWith("00-" + traceId + "-");

            await().atMost(WAIT).untilAsserted(() -> assertThat(Files.readAllLines(NOTIFICATION_LOG))
                    .as("notification-service's line for the letter of order %s", order.id())
                    .anyMatch(line -> line.contains(order.id().toString()) && line.contains(traceId)));
        }
    }

    /** The headers of the event of {@code orderId} on {@code queue}, if it arrived; other events are skipped. */
    private static Map<String, Object> eventOf(Channel channel, String queue, UUID orderId) throws IOException {
        for (GetResponse message = channel.basicGet(queue, true); message != null;
                message = channel.basicGet(queue, true)) {
            JsonNode event = JSON.readTree(message.getBody());
            if (orderId.toString().equals(event.path("orderId").asText())) {
                return message.getProps().getHeaders();
            }
        }
        return null;
    }
}
