package homework.arch.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import homework.arch.system.Api.User;
import homework.arch.testsupport.PromQl;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chart's Grafana dashboard and alert rules (helm-chart/files) ask only for metrics the services really serve:
 * after traffic of every kind the dashboard shows (orders paid and cancelled, money moved, a duplicate event, a
 * message dead-lettered by an inbox consumer and a command dead-lettered by billing), every metric name in their
 * PromQL is a series of some service's /q/metrics.
 */
@ExtendWith(StackReady.class)
class MetricsIT {

    private static final Path CHART_FILES = chartFiles();

    private final Api api = new Api("metrics");
    private final String run = UUID.randomUUID().toString();

    @Test
    void everyMetricTheDashboardAndTheAlertsUseIsServedAfterTraffic() throws Exception {
        Set<String> used = new TreeSet<>(PromQl.metricNames(new ObjectMapper().readTree(
                CHART_FILES.resolve("grafana-dashboard.json").toFile())));
        used.addAll(PromQl.metricNames(new YAMLMapper().readTree(CHART_FILES.resolve("prometheus-alerts.yaml")
                .toFile())));
        assertThat(used).contains("http_server_requests_seconds_bucket", "messages_dead_lettered_total");

        User user = api.createUser("Mia Metrics");
        api.deposit(user.id(), new BigDecimal("50"));
        assertThat(api.placeOrder(user.id(), new BigDecimal("20")).status()).isEqualTo("PAID");
        assertThat(api.placeOrder(user.id(), new BigDecimal("1000")).status()).isEqualTo("CANCELLED");
        try (Rabbit rabbit = Rabbit.connect("metrics system test")) {
            try (Channel channel = rabbit.channel()) {
                channel.confirmSelect();
                String duplicate = userCreated(user);
                publish(channel, "notifications.users", "duplicate", duplicate);
                publish(channel, "notifications.users", "duplicate", duplicate);
                publish(channel, "notifications.users", "poison", "this is not JSON");
                publish(channel, "billing.commands", "poison", "this is not JSON");
                channel.waitForConfirmsOrDie(10_000);
            }

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
                    .untilAsserted(() -> assertThat(served().keySet()).containsAll(used));
            rabbit.take("notifications.users.dlq", this::ours);
            rabbit.take("billing.commands.dlq", this::ours);
        }
    }

    /** Every series name some service serves, with the services serving it. */
    private static Map<String, Set<String>> served() {
        Map<String, Set<String>> names = new TreeMap<>();
        for (Stack.Service service : Stack.Service.values()) {
            String scrape = given().baseUri(service.managementUrl()).get("/q/metrics").then().statusCode(200)
                    .extract().asString();
            scrape.lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split("[{ ]", 2)[0])
                    .forEach(name -> names.computeIfAbsent(name, n -> new TreeSet<>()).add(service.serviceName()));
        }
        return names;
    }

    private String userCreated(User user) {
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"eventType\":\"UserCreated\",\"occurredAt\":\""
                + Instant.now() + "\",\"userId\":\"" + UUID.randomUUID() + "\",\"name\":\"" + user.name()
                + "\",\"email\":\"metrics-" + run + "@example.com\"}";
    }

    private void publish(Channel channel, String queue, String kind, String body) throws IOException {
        channel.basicPublish("", queue, new AMQP.BasicProperties.Builder().messageId("metrics:" + run + ":" + kind)
                .contentType("application/json").deliveryMode(2).build(), body.getBytes(StandardCharsets.UTF_8));
    }

    private boolean ours(AMQP.BasicProperties properties) {
        return properties.getMessageId() != null && properties.getMessageId().startsWith("metrics:" + run + ":");
    }

    /** helm-chart/files of the checkout: in the working directory or a folder above it. */
    private static Path chartFiles() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("helm-chart/files"))) {
                return dir.resolve("helm-chart/files");
            }
        }
        throw new IllegalStateException("no helm-chart/files above " + Path.of("").toAbsolutePath());
    }
}
