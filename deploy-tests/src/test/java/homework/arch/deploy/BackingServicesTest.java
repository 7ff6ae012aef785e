package homework.arch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import homework.arch.deploy.Chart.Scenario;
import java.net.URI;
import java.util.List;
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
    void everyServiceReachesTheInChartRabbitmqAsItsOwnBrokerUserWhichTheBrokerLoadsFromItsDefinitions()
            throws Exception {
        Rendered rendered = Chart.render(Scenario.DEFAULTS);
        JsonNode rabbitmq = rendered.get("StatefulSet", "arch-rabbitmq");
        Map<String, String> brokerEnv = rendered.environment(Rendered.containers(Rendered.podSpec(rabbitmq)).findFirst().orElseThrow());
        Map<String, String> users = rendered.secretData("arch-rabbitmq-users");
        JsonNode definitions = new ObjectMapper().readTree(users.get("definitions.json"));
        assertThat(rendered.configMapData("arch-rabbitmq-config").get("20-definitions.conf"))
                .contains("load_definitions = /etc/rabbitmq/definitions/definitions.json");
        assertThat(rabbitmq.toString()).contains("/etc/rabbitmq/definitions").contains("arch-rabbitmq-users");

        ServiceDeployment.all(rendered).forEach(service -> {
            Map<String, String> env = service.env();
            JsonNode broker = rendered.get("Service", env.get("RABBITMQ_HOST"));
            assertThat(rendered.backend(broker)).isEqualTo(rabbitmq);
            assertThat(rendered.targetPort(broker, IntNode.valueOf(Integer.parseInt(env.get("RABBITMQ_PORT")))))
                    .isEqualTo(5672);
            String user = env.get("RABBITMQ_USERNAME");
            assertThat(user).isEqualTo(service.app())
                    .isNotEqualTo(brokerEnv.get("RABBITMQ_DEFAULT_USER")).isNotEqualTo("guest");
            assertThat(env.get("RABBITMQ_PASSWORD")).isNotBlank().isEqualTo(definedPassword(definitions, user))
                    .isNotEqualTo(brokerEnv.get("RABBITMQ_DEFAULT_PASS"));
            JsonNode permission = permissionOf(definitions, user);
            assertThat(permission.path("configure").asText()).isNotEqualTo(".*");
            assertThat(permission.path("read").asText()).doesNotContain(".*)").isNotEqualTo(".*");
        });
        // The command sender, and the management UI's administrator with the administrator Secret's password.
        assertThat(definedPassword(definitions, "billing-commands-sender")).isEqualTo(users.get("billing-commands-sender"));
        assertThat(permissionOf(definitions, "billing-commands-sender").path("write").asText())
                .isEqualTo("^billing\\.commands$");
        assertThat(definedPassword(definitions, brokerEnv.get("RABBITMQ_DEFAULT_USER")))
                .isEqualTo(brokerEnv.get("RABBITMQ_DEFAULT_PASS"));
        assertThat(rendered.environment(Rendered.appContainer(rendered.get("Deployment", "arch-billing-service"))))
                .containsEntry("BILLING_COMMANDS_ALLOWED_SENDERS", "billing-commands-sender");
        // The exchanges notification-service binds to exist before it starts, so it needs no configure permission on
        // them (configure would let it delete them); their owners may still declare them.
        for (String exchange : List.of("users", "orders")) {
            assertThat(definitions.path("exchanges")).anySatisfy(defined -> {
                assertThat(defined.path("name").asText()).isEqualTo(exchange);
                assertThat(defined.path("type").asText()).isEqualTo("topic");
                assertThat(defined.path("durable").asBoolean()).isTrue();
                assertThat(defined.path("auto_delete").asBoolean()).isFalse();
            });
            JsonNode consumer = permissionOf(definitions, "notification-service");
            assertThat(exchange).doesNotMatch(consumer.path("configure").asText())
                    .doesNotMatch(consumer.path("write").asText()).matches(consumer.path("read").asText());
        }
        assertThat("users").matches(permissionOf(definitions, "user-service").path("configure").asText());
        assertThat("orders").matches(permissionOf(definitions, "order-service").path("configure").asText());
    }

    private static String definedPassword(JsonNode definitions, String user) {
        for (JsonNode defined : definitions.path("users")) {
            if (defined.path("name").asText().equals(user)) {
                return defined.path("password").asText();
            }
        }
        throw new AssertionError("no broker user " + user + " in the definitions");
    }

    private static JsonNode permissionOf(JsonNode definitions, String user) {
        for (JsonNode permission : definitions.path("permissions")) {
            if (permission.path("user").asText().equals(user)) {
                return permission;
            }
        }
        throw new AssertionError("no permissions of " + user + " in the definitions");
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
                    .containsEntry("RABBITMQ_USERNAME", service.app());
            // Its own broker user's password from values (external.yaml gives order-service's), never the admin's.
            assertThat(env.get("RABBITMQ_PASSWORD")).isNotBlank().isNotEqualTo("rabbit-secret-password");
            if (service.app().equals("order-service")) {
                assertThat(env).containsEntry("RABBITMQ_PASSWORD", "order-broker-password");
            }
        });
        assertThat(rendered.configMapData("shop-order-service")).containsEntry("ORDERS_RECONCILER_EVERY", "10s");
        Map<String, String> notification = rendered.environment(Rendered.appContainer(rendered.get("Deployment", "shop-notification-service")));
        assertThat(notification).containsEntry("QUARKUS_DATASOURCE_USERNAME", "letters_app")
                .containsEntry("QUARKUS_DATASOURCE_PASSWORD", "letters-secret-password");
    }
}
