package homework.arch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import homework.arch.deploy.Chart.Scenario;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every pod the chart runs, the services', PostgreSQL's, RabbitMQ's and the test pod's. */
class SecurityTest {

    // A name ending in _LOCATION(S) says where a credential is (a mounted Secret's file), not what it is.
    private static final Pattern CREDENTIAL = Pattern.compile(
            "(?i)(?!.*_LOCATIONS?$).*(password|passwd|secret|token|credential|api[-_]?key|username|_user$).*");
    private static final Pattern PINNED = Pattern.compile("^[^@]+:(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$|^[^@]+@sha256:[0-9a-f]{64}$");

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void podsRunAsNonRootOnAReadOnlyRootFilesystemWithoutCapabilities(Scenario scenario) {
        Chart.render(scenario).workloads().forEach(workload -> {
            JsonNode pod = Rendered.podSpec(workload);
            String what = workload.path("kind").asText() + " " + Rendered.name(workload);
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(what).isTrue();
            assertThat(pod.at("/securityContext/seccompProfile/type").asText()).as(what).isEqualTo("RuntimeDefault");
            assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).as(what).isFalse();
            Rendered.containers(pod).forEach(container -> {
                String which = what + " container " + container.path("name").asText();
                JsonNode context = container.path("securityContext");
                int user = context.has("runAsUser") ? context.path("runAsUser").asInt() : pod.at("/securityContext/runAsUser").asInt();
                assertThat(user).as("uid of %s", which).isPositive();
                assertThat(context.path("readOnlyRootFilesystem").asBoolean()).as(which).isTrue();
                assertThat(context.path("allowPrivilegeEscalation").asBoolean(true)).as(which).isFalse();
                assertThat(Rendered.elements(context.at("/capabilities/drop")).map(JsonNode::asText)).as(which).contains("ALL");
                assertThat(context.at("/capabilities/add").isMissingNode()).as(which).isTrue();
            });
        });
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void everyContainerHasRequestsAndLimits(Scenario scenario) {
        Chart.render(scenario).workloads().flatMap(w -> Rendered.containers(Rendered.podSpec(w))).forEach(container -> {
            for (String bound : new String[] {"requests", "limits"}) {
                assertThat(container.path("resources").path(bound).has("cpu")
                        && container.path("resources").path(bound).has("memory"))
                        .as("%s of %s", bound, container.path("name").asText()).isTrue();
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void everyImageIsPinned(Scenario scenario) {
        Chart.render(scenario).workloads().flatMap(w -> Rendered.containers(Rendered.podSpec(w))).forEach(container -> {
            String image = container.path("image").asText();
            var pinned = PINNED.matcher(image);
            assertThat(pinned.matches()).as("image %s is pinned by tag or digest", image).isTrue();
            assertThat(pinned.group("tag")).as("tag of %s", image).isNotEqualTo("latest");
        });
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void credentialsLiveOnlyInSecrets(Scenario scenario) {
        Rendered rendered = Chart.render(scenario);
        // User names are no secret (and appear in the init script); passwords, keys and the services' credentials for
        // billing (keyed by the caller's name) must appear nowhere else.
        var secretValues = rendered.ofKind("Secret")
                .flatMap(s -> rendered.secretData(Rendered.name(s)).entrySet().stream()
                        .filter(e -> e.getKey().toLowerCase(Locale.ROOT).contains("pass") || e.getKey().endsWith("key.pem")
                                || Rendered.name(s).endsWith("-service-credentials")))
                .map(Map.Entry::getValue)
                .toList();
        assertThat(secretValues).isNotEmpty();
        assertThat(rendered.ofKind("Secret").map(Rendered::name)).anyMatch(name -> name.endsWith("-service-credentials"));
        rendered.ofKind("ConfigMap").forEach(configMap -> {
            Map<String, String> data = rendered.configMapData(Rendered.name(configMap));
            assertThat(data.keySet()).as("keys of ConfigMap %s", Rendered.name(configMap))
                    .noneMatch(key -> CREDENTIAL.matcher(key).matches());
            data.forEach((key, value) -> assertThat(secretValues)
                    .as("ConfigMap %s %s holds a Secret's value", Rendered.name(configMap), key)
                    .noneMatch(value::contains));
        });
        // Nor in any other object: a Deployment's env value, an annotation, a container's arguments.
        rendered.manifests().stream().filter(m -> !"Secret".equals(m.path("kind").asText())).forEach(manifest ->
                texts(manifest).forEach(text -> assertThat(secretValues)
                        .as("%s %s holds a Secret's value", manifest.path("kind").asText(), Rendered.name(manifest))
                        .noneMatch(text::contains)));
        rendered.workloads().flatMap(w -> Rendered.containers(Rendered.podSpec(w)))
                .flatMap(c -> Rendered.elements(c.path("env")))
                .filter(env -> CREDENTIAL.matcher(env.path("name").asText()).matches())
                .forEach(env -> assertThat(env.at("/valueFrom/secretKeyRef").isObject())
                        .as("%s comes from a Secret", env.path("name").asText()).isTrue());
    }

    /** Every scalar of a manifest, as text. */
    private static Stream<String> texts(JsonNode node) {
        if (node.isContainerNode()) {
            return Rendered.elements(node).flatMap(SecurityTest::texts);
        }
        return Stream.of(node.asText());
    }
}
