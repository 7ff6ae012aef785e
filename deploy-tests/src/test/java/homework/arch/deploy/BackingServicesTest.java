package homework.arch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import homework.arch.deploy.Chart.Scenario;
import java.net.URI;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The services reach PostgreSQL and RabbitMQ: the in-chart ones by default, external ones when switched off. */
class BackingServicesTest {

    private static final Pattern CREATE_DATABASE =
            Pattern.compile("^create_database \"([^\"]+)\" \"([^\"]+)\" \"\\$([A-Z_]+)\"$", Pattern.MULTILINE);

    @Test
    void eachServiceGetsItsDatabaseAndRoleFromTheInChartPostgresql() {
        Rendered rendered = Chart.render(Scenario.DEFAULTS);
        JsonNode postgresql = rendered.get("StatefulSet", "arch-postgresql");
        Map<String, String> serverEnv = rendered.environment(Rendered.containers(Rendered.podSpec(postgresql)).findFirst().orElseThrow());
        String initScript = rendered.configMapData("arch-postgresql-init").get("10-service-databases.sh");
        Map<String, String> expectedDatabases = Map.of("user-service", "users", "billing-service", "billing",
                "order-service", "orders", "notification-service", "notifications");

        ServiceDeployment.all(rendered).forEach(service -> {
            Map<String, String> env = service.env();
            URI url = URI.create(env.get("QUARKUS_DATASOURCE_REACTIVE_URL"));
            JsonNode server = rendered.get("Service", url.getHost());
            assertThat(rendered.backend(server)).isEqualTo(postgresql);
            assertThat(rendered.targetPort(server, IntNode.valueOf(url.getPort()))).isEqualTo(5432);
            String database = url.getPath().substring(1);
            assertThat(database).isEqualTo(expectedDatabases.get(service.app()));

            Matcher create = CREATE_DATABASE.matcher(initScript);
            boolean created = false;
            while (create.find()) {
                if (create.group(1).equals(database)) {
                    created = true;
                    assertThat(create.group(2)).isEqualTo(env.get("QUARKUS_DATASOURCE_USERNAME"));
                    // The init script's password is the one the service logs in with.
                    assertThat(serverEnv.get(create.group(3))).isEqualTo(env.get("QUARKUS_DATASOURCE_PASSWORD"));
                }
            }
            assertThat(created).as("the init script creates database %s", database).isTrue();
        });
    }

    @Test
    void everyServiceReachesTheInChartRabbitmqWithTheBrokersCredentials() {
        Rendered rendered = Chart.render(Scenario.DEFAULTS);
        JsonNode rabbitmq = rendered.get("StatefulSet", "arch-rabbitmq");
        Map<String, String> brokerEnv = rendered.environment(Rendered.containers(Rendered.podSpec(rabbitmq)).findFirst().orElseThrow());

        ServiceDeployment.all(rendered).forEach(service -> {
            Map<String, String> env = service.env();
            JsonNode broker = rendered.get("Service", env.get("RABBITMQ_HOST"));
            assertThat(rendered.backend(broker)).isEqualTo(rabbitmq);
            assertThat(rendered.targetPort(broker, IntNode.valueOf(Integer.parseInt(env.get("RABBITMQ_PORT")))))
                    .isEqualTo(5672);
            assertThat(env.get("RABBITMQ_USERNAME")).isEqualTo(brokerEnv.get("RABBITMQ_DEFAULT_USER"));
            assertThat(env.get("RABBITMQ_PASSWORD")).isEqualTo(brokerEnv.get("RABBITMQ_DEFAULT_PASS")).isNotBlank();
        });
    }

    @Test
    void switchedOffTheyAreReplacedByTheExternalServersFromValues() {
        Rendered rendered = Chart.render(Scenario.EXTERNAL);
        assertThat(rendered.ofKind("StatefulSet")).isEmpty();
        Map<String, String> databases = Map.of("user-service", "users", "billing-service", "billing",
                "order-service", "orders", "notification-service", "letters");

        ServiceDeployment.all(rendered).forEach(service -> {
            Map<String, String> env = service.env();
            assertThat(env.get("QUARKUS_DATASOURCE_REACTIVE_URL"))
                    .isEqualTo("postgresql://db.example.internal:6543/" + databases.get(service.app()));
            assertThat(env).containsEntry("RABBITMQ_HOST", "mq.example.internal")
                    .containsEntry("RABBITMQ_PORT", "5673")
                    .containsEntry("RABBITMQ_USERNAME", "payments")
                    .containsEntry("RABBITMQ_PASSWORD", "rabbit-secret-password");
        });
        assertThat(rendered.configMapData("shop-order-service")).containsEntry("ORDERS_RECONCILER_EVERY", "10s");
        Map<String, String> notification = rendered.environment(Rendered.appContainer(rendered.get("Deployment", "shop-notification-service")));
        assertThat(notification).containsEntry("QUARKUS_DATASOURCE_USERNAME", "letters_app")
                .containsEntry("QUARKUS_DATASOURCE_PASSWORD", "letters-secret-password");
    }
}
