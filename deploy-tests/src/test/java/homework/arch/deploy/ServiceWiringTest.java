package homework.arch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import homework.arch.deploy.Chart.Scenario;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each service's Deployment against the service's own configuration: names, ports, health paths, addresses. */
class ServiceWiringTest {

    /** What every service needs from its deployment, as property names. */
    private static final List<String> REQUIRED = List.of("quarkus.http.port", "quarkus.management.port",
            "quarkus.datasource.reactive.url", "quarkus.datasource.jdbc.url", "quarkus.datasource.username",
            "quarkus.datasource.password", "rabbitmq-host", "rabbitmq-port", "rabbitmq-username",
            "rabbitmq-password");

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void thereIsOneDeploymentPerService(Scenario scenario) {
        assertThat(ServiceDeployment.all(Chart.render(scenario)).map(ServiceDeployment::app))
                .containsExactlyInAnyOrder("user-service", "billing-service", "order-service", "notification-service");
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void everyEnvironmentVariableSetsAPropertyOfTheService(Scenario scenario) {
        ServiceDeployment.all(Chart.render(scenario)).forEach(service -> assertThat(service.env().keySet())
                .as("environment of %s that %s/src/main/resources/application.properties neither sets a property with"
                        + " nor names in a ${VARIABLE}", service.name(), service.app())
                .filteredOn(name -> !service.config().reads(name))
                .isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void everySettingAServiceNeedsInTheClusterIsSet(Scenario scenario) {
        ServiceDeployment.all(Chart.render(scenario)).forEach(service -> {
            Set<String> needed = new TreeSet<>(REQUIRED);
            // A default that points at this machine (e.g. the billing URL) is wrong in a cluster.
            needed.addAll(service.config().localAddresses());
            assertThat(needed).as("settings of %s", service.name())
                    .allSatisfy(property -> assertThat(service.env()).containsKey(ServiceConfig.envName(property)));
            // A ${VARIABLE} without a default (a credential, say) has no value but the deployment's.
            assertThat(service.config().requiredVariables()).as("variables %s reads", service.name())
                    .allSatisfy(variable -> assertThat(service.env()).containsKey(variable));
        });
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void containerPortsAreTheOnesTheServiceListensOn(Scenario scenario) {
        ServiceDeployment.all(Chart.render(scenario)).forEach(service -> {
            assertThat(service.config().prod("quarkus.management.enabled", "false"))
                    .as("management interface of %s", service.app()).isEqualTo("true");
            assertThat(Rendered.containerPort(service.container(), TextNode.valueOf("http")))
                    .as("http port of %s", service.name()).isEqualTo(service.httpPort());
            assertThat(Rendered.containerPort(service.container(), TextNode.valueOf("management")))
                    .as("management port of %s", service.name())
                    .isEqualTo(Integer.parseInt(service.env().get("QUARKUS_MANAGEMENT_PORT")));
        });
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void probesAskTheHealthEndpointsOnTheManagementPort(Scenario scenario) {
        ServiceDeployment.all(Chart.render(scenario)).forEach(service -> {
            int management = Integer.parseInt(service.env().get("QUARKUS_MANAGEMENT_PORT"));
            Map.of("startupProbe", "startup", "readinessProbe", "readiness", "livenessProbe", "liveness")
                    .forEach((probe, kind) -> {
                        JsonNode httpGet = service.container().path(probe).path("httpGet");
                        assertThat(httpGet.path("path").asText()).as("%s of %s", probe, service.name())
                                .isEqualTo(service.config().healthPath(kind));
                        assertThat(Rendered.containerPort(service.container(), httpGet.path("port")))
                                .as("%s port of %s", probe, service.name()).isEqualTo(management);
                    });
        });
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void restClientUrlsReachTheServiceTheyName(Scenario scenario) {
        Rendered rendered = Chart.render(scenario);
        ServiceDeployment.all(rendered).forEach(service -> service.env().forEach((name, value) -> {
            // A name that is no property fails everyEnvironmentVariableSetsAPropertyOfTheService.
            String property = service.config().propertyOf(name).orElse(name);
            if (!property.matches("quarkus\\.rest-client\\.\"?[^.\"]+\"?\\.url")) {
                return;
            }
            // quarkus.rest-client.billing.url -> billing-service
            String target = property.replaceFirst("^quarkus\\.rest-client\\.\"?([^.\"]+)\"?\\.url$", "$1-service");
            URI uri = URI.create(value);
            JsonNode kubernetesService = rendered.get("Service", uri.getHost());
            ServiceDeployment backend = ServiceDeployment.behind(rendered, kubernetesService);
            assertThat(backend.app()).as("%s of %s", name, service.name()).isEqualTo(target);
            assertThat(rendered.targetPort(kubernetesService, IntNode.valueOf(uri.getPort())))
                    .as("port of %s of %s", name, service.name()).isEqualTo(backend.httpPort());
        }));
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void everyCurrencySettingIsTheDeploymentsOneCurrency(Scenario scenario) {
        String currency = scenario == Scenario.DEFAULTS ? "USD" : "EUR";
        ServiceDeployment.all(Chart.render(scenario)).forEach(service -> service.config().names().stream()
                .filter(property -> property.endsWith(".currency"))
                .forEach(property -> assertThat(service.env().get(ServiceConfig.envName(property)))
                        .as("%s of %s", property, service.name()).isEqualTo(currency)));
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void eachServiceUsesItsOwnDatabaseAndRole(Scenario scenario) {
        Set<String> databases = new TreeSet<>();
        Set<String> roles = new TreeSet<>();
        ServiceDeployment.all(Chart.render(scenario)).forEach(service -> {
            URI reactive = URI.create(service.env().get("QUARKUS_DATASOURCE_REACTIVE_URL"));
            assertThat(reactive.getScheme()).isEqualTo("postgresql");
            assertThat(service.env().get("QUARKUS_DATASOURCE_JDBC_URL")).isEqualTo("jdbc:" + reactive);
            assertThat(service.env().get("QUARKUS_DATASOURCE_PASSWORD")).isNotBlank();
            databases.add(reactive.getPath());
            roles.add(service.env().get("QUARKUS_DATASOURCE_USERNAME"));
        });
        assertThat(databases).hasSize(4);
        assertThat(roles).hasSize(4);
    }

    @Test
    void eachServiceRunsOneEventLoopPerWholeCpuOfItsLimit() {
        String eventLoops = "QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE";
        assertThat(ServiceDeployment.all(Chart.render(Scenario.DEFAULTS)))
                .allSatisfy(service -> assertThat(service.env()).containsEntry(eventLoops, "1"));
        // order-service's limit is "2" there, the others keep the default "1".
        assertThat(ServiceDeployment.all(Chart.render(Scenario.EXTERNAL))).allSatisfy(service -> assertThat(
                service.env()).containsEntry(eventLoops, service.app().equals("order-service") ? "2" : "1"));
        Map.of("1500m", "2", "250m", "1", "3", "3").forEach((limit, loops) -> assertThat(ServiceDeployment.all(
                Chart.render(Scenario.DEFAULTS, Map.of("workload.resources.limits.cpu", limit))))
                .allSatisfy(service -> assertThat(service.env()).as("limit %s", limit)
                        .containsEntry(eventLoops, loops)));
    }
}
