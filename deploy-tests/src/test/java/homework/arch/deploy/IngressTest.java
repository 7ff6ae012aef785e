package homework.arch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import homework.arch.deploy.Chart.Scenario;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Ingress routes each service's API prefix to that service's HTTP port. */
class IngressTest {

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void theNginxIngressServesTheConfiguredHost(Scenario scenario) {
        List<JsonNode> ingresses = Chart.render(scenario).ofKind("Ingress").toList();
        assertThat(ingresses).hasSize(1);
        JsonNode spec = ingresses.get(0).path("spec");
        assertThat(spec.path("ingressClassName").asText()).isEqualTo("nginx");
        assertThat(Rendered.elements(spec.path("rules")).map(r -> r.path("host").asText()))
                .containsExactly(scenario == Scenario.DEFAULTS ? "arch.homework" : "payments.example.org");
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void eachServicesApiPrefixLeadsToItsHttpPort(Scenario scenario) {
        Rendered rendered = Chart.render(scenario);
        JsonNode rule = rendered.ofKind("Ingress").findFirst().orElseThrow().at("/spec/rules/0");
        List<JsonNode> paths = Rendered.elements(rule.path("http").path("paths")).toList();

        assertThat(paths.stream().map(p -> p.path("path").asText()))
                .containsExactlyInAnyOrder("/users", "/billing", "/orders", "/notifications");
        for (JsonNode path : paths) {
            assertThat(path.path("pathType").asText()).isEqualTo("Prefix");
            JsonNode backend = path.path("backend").path("service");
            JsonNode service = rendered.get("Service", backend.path("name").asText());
            JsonNode port = backend.path("port").has("number") ? backend.path("port").path("number") : backend.path("port").path("name");
            ServiceDeployment deployment = ServiceDeployment.behind(rendered, service);
            ServiceConfig config = deployment.config();

            // The service serves its API (and its OpenAPI document) under the prefix routed to it.
            assertThat(config.prod("quarkus.smallrye-openapi.path", "")).as("API of %s", config.module())
                    .startsWith(path.path("path").asText() + "/");
            assertThat(rendered.targetPort(service, port)).as("port behind %s", path.path("path").asText())
                    .isEqualTo(deployment.httpPort());
        }
    }
}
