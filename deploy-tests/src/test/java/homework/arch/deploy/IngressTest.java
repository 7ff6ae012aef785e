package homework.arch.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import homework.arch.deploy.Chart.Scenario;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Ingress routes each service's API prefix to that service's HTTP port, and nothing else. */
class IngressTest {

    /** Where billing's internal operations live, and the prefix itself: no ingress may route them. */
    static final List<String> INTERNAL_PATHS = List.of("/internal", "/internal/billing/accounts",
            "/internal/billing/payments");
    /** ingress-nginx annotations that make paths mean something else than their Prefix or Exact rule. */
    private static final Pattern REWRITING = Pattern.compile(
            "nginx\\.ingress\\.kubernetes\\.io/(use-regex|rewrite-target|app-root|server-snippet|configuration-snippet)");

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void theNginxIngressServesTheConfiguredHost(Scenario scenario) {
        List<JsonNode> ingresses = Chart.render(scenario).ofKind("Ingress").toList();
        // The API's prefixes and, rate-limited, the sign-in paths.
        assertThat(ingresses).hasSize(2);
        for (JsonNode ingress : ingresses) {
            JsonNode spec = ingress.path("spec");
            assertThat(spec.path("ingressClassName").asText()).isEqualTo("nginx");
            assertThat(Rendered.elements(spec.path("rules")).map(r -> r.path("host").asText()))
                    .containsExactly(scenario == Scenario.DEFAULTS ? "arch.homework" : "payments.example.org");
        }
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void eachServicesApiPrefixLeadsToItsHttpPort(Scenario scenario) {
        Rendered rendered = Chart.render(scenario);
        JsonNode rule = rendered.apiIngress().at("/spec/rules/0");
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

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void noPathLeadsToTheInternalOperations(Scenario scenario) {
        Chart.render(scenario).ofKind("Ingress").forEach(ingress -> {
            assertThat(ingress.at("/metadata/annotations").properties()).extracting(Map.Entry::getKey)
                    .noneMatch(annotation -> REWRITING.matcher(annotation).matches());
            Rendered.elements(ingress.at("/spec/rules")).flatMap(rule -> Rendered.elements(rule.at("/http/paths"))).forEach(path -> {
                String type = path.path("pathType").asText();
                assertThat(type).as("pathType of %s", path.path("path").asText()).isIn("Prefix", "Exact");
                assertThat(INTERNAL_PATHS).as("paths that %s %s routes", type, path.path("path").asText())
                        .noneMatch(internal -> routes(type, path.path("path").asText(), internal));
            });
            assertThat(ingress.at("/spec/defaultBackend").isMissingNode()).as("a default backend").isTrue();
        });
    }

    @Test
    void theValuesSchemaRefusesInternalAsAnApiPrefix() {
        assertThatThrownBy(() -> Chart.template(Scenario.DEFAULTS, Map.of("services.billing.path", "/internal")))
                .hasMessageContaining("services.billing.path");
    }

    /** Kubernetes' path matching: Exact the whole path; Prefix whole path segments ("/users" not "/usersX"). */
    static boolean routes(String pathType, String path, String request) {
        if (pathType.equals("Exact")) {
            return request.equals(path);
        }
        return request.equals(path) || request.startsWith(path.endsWith("/") ? path : path + "/");
    }
}
