package homework.arch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import homework.arch.deploy.Chart.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** `helm test` runs the canonical Postman collection with newman, through the Ingress's routes to the services. */
class HelmTestHookTest {

    private static final Pattern LOCATION = Pattern.compile("location (\\S+) \\{ proxy_pass http://([^:/]+):(\\d+); }");

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void newmanRunsTheCanonicalCollectionAsAHelmTest(Scenario scenario) throws IOException {
        Rendered rendered = Chart.render(scenario);
        JsonNode pod = testPod(rendered);
        JsonNode newman = Rendered.elements(pod.at("/spec/containers")).findFirst().orElseThrow();
        assertThat(newman.path("image").asText()).startsWith("postman/newman:");
        List<String> args = Rendered.elements(newman.path("args")).map(JsonNode::asText).toList();
        assertThat(args).startsWith("run", "/etc/newman/arch-homework.postman_collection.json")
                .contains("--environment", "/etc/newman/arch-homework.postman_environment.json");

        String configMap = Rendered.elements(pod.at("/spec/volumes"))
                .filter(v -> v.has("configMap")).findFirst().orElseThrow().at("/configMap/name").asText();
        assertThat(hook(rendered.get("ConfigMap", configMap))).containsEntry("hook", "test");
        // helm creates hooks by weight: the files before the pod that mounts them.
        assertThat(Integer.parseInt(hook(rendered.get("ConfigMap", configMap)).get("hook-weight")))
                .isLessThan(Integer.parseInt(hook(pod).getOrDefault("hook-weight", "0")));
        Map<String, String> files = rendered.configMapData(configMap);
        for (String file : List.of("arch-homework.postman_collection.json", "arch-homework.postman_environment.json")) {
            assertThat(files.get(file)).as("%s as in postman/", file)
                    .isEqualTo(Files.readString(Repo.ROOT.resolve("postman").resolve(file)));
        }
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void theProxyNewmanTalksToRoutesLikeTheIngress(Scenario scenario) {
        Rendered rendered = Chart.render(scenario);
        JsonNode pod = testPod(rendered);
        JsonNode newman = Rendered.elements(pod.at("/spec/containers")).findFirst().orElseThrow();
        JsonNode proxy = Rendered.elements(pod.at("/spec/initContainers")).findFirst().orElseThrow();
        // A native sidecar: it serves while newman runs and does not keep the finished pod alive.
        assertThat(proxy.path("restartPolicy").asText()).isEqualTo("Always");
        String baseUrl = Rendered.elements(newman.path("args")).map(JsonNode::asText)
                .filter(a -> a.startsWith("baseUrl=")).findFirst().orElseThrow();
        assertThat(baseUrl).isEqualTo("baseUrl=http://localhost:" + Rendered.containerPort(proxy, TextNode.valueOf("http")));

        Map<String, String> routes = new TreeMap<>();
        Matcher location = LOCATION.matcher(rendered.configMapData(Rendered.name(pod)).get("nginx.conf"));
        while (location.find()) {
            JsonNode service = rendered.get("Service", location.group(2));
            ServiceDeployment backend = ServiceDeployment.behind(rendered, service);
            assertThat(rendered.targetPort(service, IntNode.valueOf(Integer.parseInt(location.group(3)))))
                    .isEqualTo(backend.httpPort());
            routes.put(location.group(1), location.group(2));
        }
        Map<String, String> ingressRoutes = new TreeMap<>();
        rendered.apiIngress().at("/spec/rules/0/http/paths").forEach(path ->
                ingressRoutes.put(path.path("path").asText(), path.at("/backend/service/name").asText()));
        assertThat(routes).isEqualTo(ingressRoutes);
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void theProxyDoesNotRouteTheInternalOperations(Scenario scenario) {
        Rendered rendered = Chart.render(scenario);
        NginxLocations locations = NginxLocations.parse(rendered.configMapData(Rendered.name(testPod(rendered))).get("nginx.conf"));
        assertThat(locations.regexLocations()).as("regular-expression locations").isEmpty();
        for (String path : IngressTest.INTERNAL_PATHS) {
            NginxLocations.Location location = locations.select(path).orElseThrow();
            assertThat(location.proxies()).as("%s is proxied by location %s", path, location.path()).isFalse();
            assertThat(location.body()).as("answer to %s", path).contains("return 404;");
        }
    }

    private static JsonNode testPod(Rendered rendered) {
        List<JsonNode> pods = rendered.ofKind("Pod").filter(p -> "test".equals(hook(p).get("hook"))).toList();
        assertThat(pods).hasSize(1);
        return pods.get(0);
    }

    /** The helm.sh/hook* annotations of a manifest, by the part after "hook" ("hook", "hook-weight", …). */
    private static Map<String, String> hook(JsonNode manifest) {
        Map<String, String> hook = new TreeMap<>();
        manifest.path("metadata").path("annotations").properties().forEach(e -> {
            if (e.getKey().startsWith(Chart.HOOK_PREFIX)) {
                hook.put("hook" + e.getKey().substring(Chart.HOOK_PREFIX.length()), e.getValue().asText());
            }
        });
        return hook;
    }
}
