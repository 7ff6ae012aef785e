package homework.arch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import homework.arch.deploy.Chart.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * `make run` puts an NGINX in front of the services in place of the Kubernetes ingress (local/nginx.conf): it must
 * route the same prefixes, with Kubernetes' Prefix semantics, to the same services on their local HTTP ports.
 */
class LocalIngressTest {

    private static final Pattern UPSTREAM = Pattern.compile("upstream\\s+(\\S+)\\s*\\{\\s*server\\s+127\\.0\\.0\\.1:(\\d+);");
    private static final Pattern LOCATION = Pattern.compile("location\\s+(=\\s+)?(/\\S*)\\s*\\{\\s*proxy_pass\\s+http://([^;/]+);");

    @Test
    void theLocalIngressRoutesLikeTheChartsIngress() throws IOException {
        String conf = Files.readString(Repo.ROOT.resolve("local/nginx.conf"));
        Map<String, Integer> upstreamPorts = new TreeMap<>();
        for (Matcher m = UPSTREAM.matcher(conf); m.find(); ) {
            upstreamPorts.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        Map<String, String> exact = new TreeMap<>();
        Map<String, String> prefixed = new TreeMap<>();
        for (Matcher m = LOCATION.matcher(conf); m.find(); ) {
            (m.group(1) != null ? exact : prefixed).put(m.group(2), m.group(3));
        }

        Map<String, String> chartRoutes = new TreeMap<>();
        Rendered rendered = Chart.render(Scenario.DEFAULTS);
        JsonNode rule = rendered.ofKind("Ingress").findFirst().orElseThrow().at("/spec/rules/0");
        Rendered.elements(rule.path("http").path("paths")).forEach(path -> {
            JsonNode service = rendered.get("Service", path.at("/backend/service/name").asText());
            chartRoutes.put(path.path("path").asText(), ServiceDeployment.behind(rendered, service).app());
        });

        // Prefix "/users" matches "/users" and "/users/…", never "/usersX": an exact and a "/users/" location.
        assertThat(exact).isEqualTo(chartRoutes);
        Map<String, String> withSlash = new TreeMap<>();
        chartRoutes.forEach((path, app) -> withSlash.put(path + "/", app));
        assertThat(prefixed).isEqualTo(withSlash);
        chartRoutes.values().forEach(app -> assertThat(upstreamPorts.get(app)).as("local port of %s", app)
                .isEqualTo(Integer.parseInt(ServiceConfig.of(app).prod("quarkus.http.port", "8080"))));
    }
}
