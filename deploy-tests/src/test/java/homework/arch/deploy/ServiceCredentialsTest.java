package homework.arch.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import homework.arch.deploy.Chart.Scenario;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * billing's internal operations take the calling service's own credential: one per caller, generated once into one
 * Secret, kept across upgrades, and given to billing (all of them) and to each caller (its own) only.
 */
class ServiceCredentialsTest {

    /** What each workload may hold of the credentials Secret: environment variable -> the Secret's key. */
    private static final Map<String, Map<String, String>> HELD = Map.of(
            "billing-service", Map.of("BILLING_CALLER_USER_SERVICE_PASSWORD", "user-service",
                    "BILLING_CALLER_ORDER_SERVICE_PASSWORD", "order-service"),
            "user-service", Map.of("BILLING_CLIENT_PASSWORD", "user-service"),
            "order-service", Map.of("BILLING_CLIENT_PASSWORD", "order-service"));

    @AfterEach
    void forgetTheEarlierRelease() {
        FakeCluster.clear();
    }

    @Test
    void eachCallerHasItsOwnRandomCredentialInOneSecret() {
        Map<String, String> credentials = Chart.render(Scenario.DEFAULTS).secretData("arch-service-credentials");

        assertThat(credentials).containsOnlyKeys("user-service", "order-service");
        assertThat(credentials.values()).allMatch(credential -> credential.matches("[A-Za-z0-9]{24}"))
                .doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void billingGetsEveryCallersCredentialAndEachCallerOnlyItsOwn(Scenario scenario) {
        Rendered rendered = Chart.render(scenario);
        String secret = credentialsSecret(rendered);

        rendered.workloads().forEach(workload -> {
            String what = workload.path("kind").asText() + " " + Rendered.name(workload);
            Map<String, String> held = new TreeMap<>();
            Rendered.containers(Rendered.podSpec(workload)).forEach(container -> {
                // envFrom would hand over every caller's credential.
                assertThat(Rendered.elements(container.path("envFrom")))
                        .as("envFrom of %s", what).noneMatch(from -> secret.equals(from.at("/secretRef/name").asText()));
                Rendered.elements(container.path("env"))
                        .filter(env -> secret.equals(env.at("/valueFrom/secretKeyRef/name").asText()))
                        .forEach(env -> held.put(env.path("name").asText(), env.at("/valueFrom/secretKeyRef/key").asText()));
            });
            assertThat(Rendered.elements(Rendered.podSpec(workload).path("volumes")))
                    .as("volumes of %s", what).noneMatch(volume -> secret.equals(volume.at("/secret/secretName").asText()));
            assertThat(held).as("credentials %s holds", what).isEqualTo(HELD.getOrDefault(Rendered.app(workload), Map.of()));
        });

        // Each caller sends the password billing checks it against.
        Map<String, Map<String, String>> env = new TreeMap<>();
        ServiceDeployment.all(rendered).forEach(service -> env.put(service.app(), service.env()));
        assertThat(env.get("billing-service").get("BILLING_CALLER_USER_SERVICE_PASSWORD"))
                .isEqualTo(env.get("user-service").get("BILLING_CLIENT_PASSWORD")).isNotBlank();
        assertThat(env.get("billing-service").get("BILLING_CALLER_ORDER_SERVICE_PASSWORD"))
                .isEqualTo(env.get("order-service").get("BILLING_CLIENT_PASSWORD")).isNotBlank();
        if (scenario == Scenario.EXTERNAL) {
            assertThat(env.get("order-service")).containsEntry("BILLING_CLIENT_PASSWORD", "order-service-credential-from-values");
        }
    }

    @Test
    void credentialsAreKeptOnUpgradeAndGivenOnesWin() {
        // An upgrade: the release's Secret already holds the credentials the running pods use.
        FakeCluster.putSecret(Chart.NAMESPACE, "arch-service-credentials",
                Map.of("user-service", "user-from-install", "order-service", "order-from-install"));
        Rendered upgrade = Chart.render(Scenario.DEFAULTS, Map.of("serviceCredentials.order-service", "order-credential-given-1"));

        assertThat(upgrade.secretData("arch-service-credentials")).containsOnly(
                Map.entry("user-service", "user-from-install"), Map.entry("order-service", "order-credential-given-1"));
        assertThat(upgrade.environment(Rendered.appContainer(upgrade.get("Deployment", "arch-billing-service"))))
                .containsEntry("BILLING_CALLER_USER_SERVICE_PASSWORD", "user-from-install")
                .containsEntry("BILLING_CALLER_ORDER_SERVICE_PASSWORD", "order-credential-given-1");
    }

    @Test
    void aChangedCredentialRollsBillingAndThatCallerOnly() {
        Map<String, Object> given = Map.of("serviceCredentials.user-service", "user-credential-first-1",
                "serviceCredentials.order-service", "order-credential-same-1");
        Rendered before = Chart.render(Scenario.DEFAULTS, given);
        Map<String, Object> changed = new TreeMap<>(given);
        changed.put("serviceCredentials.user-service", "user-credential-second-2");
        Rendered after = Chart.render(Scenario.DEFAULTS, changed);

        assertThat(checksum(after, "arch-billing-service")).isNotEqualTo(checksum(before, "arch-billing-service"));
        assertThat(checksum(after, "arch-user-service")).isNotEqualTo(checksum(before, "arch-user-service"));
        assertThat(checksum(after, "arch-order-service")).isNotBlank().isEqualTo(checksum(before, "arch-order-service"));
        assertThat(checksum(after, "arch-notification-service")).isEmpty();
    }

    @Test
    void theValuesSchemaRefusesAWeakOrUnknownCredential() {
        assertThatThrownBy(() -> Chart.template(Scenario.DEFAULTS, Map.of("serviceCredentials.user-service", "short")))
                .hasMessageContaining("serviceCredentials.user-service");
        // Quarkus would read "${…}" in the value as an expression.
        assertThatThrownBy(() -> Chart.template(Scenario.DEFAULTS,
                Map.of("serviceCredentials.user-service", "${HOME}-and-some-more-characters")))
                .hasMessageContaining("serviceCredentials.user-service");
        assertThatThrownBy(() -> Chart.template(Scenario.DEFAULTS,
                Map.of("serviceCredentials.notification-service", "a-long-enough-credential-1")))
                .hasMessageContaining("notification-service");
    }

    private static String credentialsSecret(Rendered rendered) {
        var names = rendered.ofKind("Secret").map(Rendered::name).filter(name -> name.endsWith("-service-credentials")).toList();
        assertThat(names).hasSize(1);
        return names.get(0);
    }

    private static String checksum(Rendered rendered, String deployment) {
        JsonNode annotations = rendered.get("Deployment", deployment).at("/spec/template/metadata/annotations");
        return annotations.path("checksum/service-credentials").asText();
    }
}
