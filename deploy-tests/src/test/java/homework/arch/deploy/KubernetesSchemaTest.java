package homework.arch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import homework.arch.deploy.Chart.Scenario;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class KubernetesSchemaTest {

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void everyManifestIsValidForTheKubernetesApi(Scenario scenario) {
        Rendered rendered = Chart.render(scenario);
        assertThat(rendered.manifests()).isNotEmpty();
        for (JsonNode manifest : rendered.manifests()) {
            assertThat(KubernetesSchema.violations(manifest))
                    .as("%s %s", manifest.path("kind").asText(), Rendered.name(manifest))
                    .isEmpty();
        }
    }

    @Test
    void theValidatorRejectsWhatTheApiServerWould() {
        JsonNode deployment = Chart.render(Scenario.DEFAULTS).ofKind("Deployment").findFirst().orElseThrow();
        ObjectNode unknownField = deployment.deepCopy();
        ((ObjectNode) unknownField.at("/spec/template/spec/containers/0")).put("readinessprobe", "typo");
        ObjectNode missingRequired = deployment.deepCopy();
        ((ObjectNode) missingRequired.at("/spec/template/spec/containers/0")).remove("name");
        ObjectNode wrongType = deployment.deepCopy();
        ((ObjectNode) wrongType.at("/spec/template/spec/containers/0/ports/0")).put("containerPort", "8080");
        ObjectNode unknownKind = ((ObjectNode) deployment.deepCopy()).put("kind", "Deploymnet");

        assertThat(KubernetesSchema.violations(unknownField)).anyMatch(v -> v.contains("readinessprobe"));
        assertThat(KubernetesSchema.violations(missingRequired)).anyMatch(v -> v.contains("name"));
        assertThat(KubernetesSchema.violations(wrongType)).anyMatch(v -> v.contains("containerPort"));
        assertThat(KubernetesSchema.violations(unknownKind)).anyMatch(v -> v.contains("Deploymnet"));
    }
}
