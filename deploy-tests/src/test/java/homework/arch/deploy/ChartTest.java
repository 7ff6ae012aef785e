package homework.arch.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.LintResult;
import homework.arch.deploy.Chart.Scenario;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The chart as an operator meets it: lint, values validation, rollouts, credentials across upgrades, scaling. */
class ChartTest {

    @AfterEach
    void forgetTheEarlierRelease() {
        FakeCluster.clear();
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void lintsCleanInStrictMode(Scenario scenario) {
        LintResult lint = Chart.lint(scenario);
        assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    @Test
    void theValuesSchemaRefusesUnpinnedImagesAndUnknownKeys() {
        assertThatThrownBy(() -> Chart.template(Scenario.DEFAULTS, Map.of("image.tag", "latest")))
                .hasMessageContaining("image.tag");
        assertThatThrownBy(() -> Chart.template(Scenario.DEFAULTS, Map.of("tests.newman.image.tag", "latest")))
                .hasMessageContaining("tests.newman.image.tag");
        assertThatThrownBy(() -> Chart.template(Scenario.DEFAULTS, Map.of("postgresql.image.tag", "")))
                .hasMessageContaining("postgresql.image.tag");
        assertThatThrownBy(() -> Chart.template(Scenario.DEFAULTS, Map.of("services.user.replica", "3")))
                .hasMessageContaining("replica");
        assertThatThrownBy(() -> Chart.template(Scenario.DEFAULTS, Map.of("ingress.hots", "x.example")))
                .hasMessageContaining("hots");
    }

    @Test
    void anExternalServerNeedsItsAddress() {
        assertThatThrownBy(() -> Chart.template(Scenario.DEFAULTS, Map.of("postgresql.enabled", "false")))
                .hasMessageContaining("postgresql.external.host is required");
        assertThatThrownBy(() -> Chart.template(Scenario.DEFAULTS, Map.of("rabbitmq.enabled", "false")))
                .hasMessageContaining("rabbitmq.external.host is required");
    }

    @Test
    void aChangedSettingRollsOnlyThatServicesPods() {
        Rendered before = Chart.render(Scenario.DEFAULTS, Map.of("services.user.database.password", "p1"));
        Rendered after = Chart.render(Scenario.DEFAULTS, Map.of("services.user.database.password", "p2",
                "services.user.database.name", "users2"));

        assertThat(checksum(after, "arch-user-service", "config")).isNotEqualTo(checksum(before, "arch-user-service", "config"));
        assertThat(checksum(after, "arch-user-service", "secret")).isNotEqualTo(checksum(before, "arch-user-service", "secret"));
        assertThat(checksum(after, "arch-billing-service", "config")).isEqualTo(checksum(before, "arch-billing-service", "config"));
    }

    @Test
    void generatedCredentialsAreKeptOnUpgradeAndGivenOnesWin() {
        Rendered install = Chart.render(Scenario.DEFAULTS, Map.of());
        assertThat(install.secretData("arch-user-service").get("QUARKUS_DATASOURCE_PASSWORD")).matches("[A-Za-z0-9]{24}");
        assertThat(install.secretData("arch-rabbitmq").get("password")).matches("[A-Za-z0-9]{24}");

        // An upgrade: the release's Secrets already hold the passwords PostgreSQL and RabbitMQ were initialised with.
        FakeCluster.putSecret(Chart.NAMESPACE, "arch-user-service", Map.of("QUARKUS_DATASOURCE_PASSWORD", "from-install"));
        FakeCluster.putSecret(Chart.NAMESPACE, "arch-rabbitmq", Map.of("password", "broker-from-install"));
        FakeCluster.putSecret(Chart.NAMESPACE, "arch-postgresql", Map.of("postgres-password", "super-from-install"));
        Rendered upgrade = Chart.render(Scenario.DEFAULTS, Map.of("services.billing.database.password", "given"));

        assertThat(upgrade.secretData("arch-user-service")).containsEntry("QUARKUS_DATASOURCE_PASSWORD", "from-install");
        assertThat(upgrade.secretData("arch-rabbitmq")).containsEntry("password", "broker-from-install");
        assertThat(upgrade.secretData("arch-postgresql")).containsEntry("postgres-password", "super-from-install");
        assertThat(upgrade.secretData("arch-billing-service")).containsEntry("QUARKUS_DATASOURCE_PASSWORD", "given");
    }

    @Test
    void theTokenSigningKeyIsMadeOnceKeptOnUpgradeAndMountedOnlyWhereTokensAreSigned() {
        Rendered install = Chart.render(Scenario.DEFAULTS, Map.of());
        assertThat(install.secretData("arch-token-keys").get("signing-key.pem"))
                .startsWith("-----BEGIN RSA PRIVATE KEY-----");

        FakeCluster.putSecret(Chart.NAMESPACE, "arch-token-keys", Map.of("signing-key.pem", "key-from-install"));
        Rendered upgrade = Chart.render(Scenario.DEFAULTS, Map.of());

        assertThat(upgrade.secretData("arch-token-keys")).containsEntry("signing-key.pem", "key-from-install");
        ServiceDeployment.all(upgrade).forEach(service -> {
            boolean mounted = Rendered.elements(Rendered.podSpec(service.deployment()).path("volumes"))
                    .anyMatch(volume -> volume.path("secret").path("secretName").asText().equals("arch-token-keys"));
            assertThat(mounted).as("token keys in %s", service.name()).isEqualTo(service.name().equals("arch-user-service"));
        });
        ServiceDeployment user = ServiceDeployment.all(upgrade).filter(s -> s.name().equals("arch-user-service"))
                .findFirst().orElseThrow();
        String mountPath = Rendered.elements(user.container().path("volumeMounts"))
                .filter(mount -> mount.path("name").asText().equals("token-keys"))
                .map(mount -> mount.path("mountPath").asText()).findFirst().orElseThrow();
        assertThat(user.env().get("USERS_TOKENS_SIGNING_KEY_LOCATION")).isEqualTo(mountPath + "/signing-key.pem");
    }

    @Test
    void withAutoscalingEachDeploymentIsScaledByItsHpaWithinItsDisruptionBudget() {
        Rendered fixed = Chart.render(Scenario.DEFAULTS);
        assertThat(fixed.ofKind("HorizontalPodAutoscaler")).isEmpty();
        fixed.ofKind("Deployment").forEach(d -> assertThat(d.at("/spec/replicas").asInt()).isEqualTo(2));

        Rendered scaled = Chart.render(Scenario.EXTERNAL);
        scaled.ofKind("Deployment").forEach(deployment -> {
            // The HPA owns the replica count: a replicas field would reset it on every upgrade.
            assertThat(deployment.at("/spec/replicas").isMissingNode()).isTrue();
            JsonNode hpa = scaled.get("HorizontalPodAutoscaler", Rendered.name(deployment));
            assertThat(hpa.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
            assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo(Rendered.name(deployment));
            assertThat(hpa.at("/spec/minReplicas").asInt()).isBetween(1, hpa.at("/spec/maxReplicas").asInt());
        });
        assertThat(scaled.get("HorizontalPodAutoscaler", "shop-order-service").at("/spec/maxReplicas").asInt()).isEqualTo(10);

        scaled.ofKind("PodDisruptionBudget").forEach(pdb ->
                assertThat(scaled.selectedBy(pdb.at("/spec/selector/matchLabels")).map(Rendered::name))
                        .containsExactly(Rendered.name(pdb)));
        assertThat(scaled.find("PodDisruptionBudget", "shop-notification-service")).isEmpty();
    }

    private static String checksum(Rendered rendered, String deployment, String what) {
        return rendered.get("Deployment", deployment).at("/spec/template/metadata/annotations").path("checksum/" + what).asText();
    }
}
