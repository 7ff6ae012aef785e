package homework.arch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import homework.arch.deploy.Chart.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;
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
    private static final Pattern BODY_SIZE = Pattern.compile("client_max_body_size\\s+(\\S+);");
    private static final Pattern RETURN = Pattern.compile("return\\s+\\d{3}\\s+'[^']*'");
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
        JsonNode rule = rendered.apiIngress().at("/spec/rules/0");
        Rendered.elements(rule.path("http").path("paths")).forEach(path -> {
            JsonNode service = rendered.get("Service", path.at("/backend/service/name").asText());
            chartRoutes.put(path.path("path").asText(), ServiceDeployment.behind(rendered, service).app());
        });

        // Prefix "/users" matches "/users" and "/users/…", never "/usersX": an exact and a "/users/" location; the
        // rate-limited sign-in paths (the chart's sign-in Ingress) are exact locations of their own, to the same service.
        Map<String, String> signIn = new TreeMap<>();
        rendered.get("Ingress", "arch-sign-in").at("/spec/rules/0/http/paths").forEach(path -> signIn.put(
                path.path("path").asText(), ServiceDeployment.behind(rendered,
                        rendered.get("Service", path.at("/backend/service/name").asText())).app()));
        Map<String, String> expectedExact = new TreeMap<>(chartRoutes);
        expectedExact.putAll(signIn);
        assertThat(exact).isEqualTo(expectedExact);
        Map<String, String> withSlash = new TreeMap<>();
        chartRoutes.forEach((path, app) -> withSlash.put(path + "/", app));
        assertThat(prefixed).isEqualTo(withSlash);
        chartRoutes.values().forEach(app -> assertThat(upstreamPorts.get(app)).as("local port of %s", app)
                .isEqualTo(Integer.parseInt(ServiceConfig.of(app).prod("quarkus.http.port", "8080"))));
    }

    /** billing's internal operations are for the services alone: NGINX answers them itself, as any unrouted path. */
    @Test
    void theLocalIngressDoesNotRouteTheInternalOperations() throws IOException {
        NginxLocations locations = NginxLocations.parse(Files.readString(Repo.ROOT.resolve("local/nginx.conf")));
        assertThat(locations.regexLocations()).as("regular-expression locations").isEmpty();
        String unrouted = answer(locations.select("/no-service-here").orElseThrow());
        assertThat(unrouted).startsWith("return 404 ");
        for (String path : IngressTest.INTERNAL_PATHS) {
            NginxLocations.Location location = locations.select(path).orElseThrow();
            assertThat(location.proxies()).as("%s is proxied by location %s", path, location.path()).isFalse();
            assertThat(answer(location)).as("answer to %s", path).isEqualTo(unrouted);
        }
        assertThat(locations.select("/internal/billing/payments").orElseThrow().path())
                .as("the location that says the internal operations are not routed").isEqualTo("/internal/");
    }

    /** The `return` statement of a location. */
    private static String answer(NginxLocations.Location location) {
        Matcher m = RETURN.matcher(location.body());
        assertThat(m.find()).as("location %s returns", location.path()).isTrue();
        return m.group();
    }

    /**
     * A body a service refuses must reach it, so that the client gets the service's 413 problem+json: both ingresses
     * accept the same size, above every service's own limit.
     */
    @Test
    void bothIngressesLetThroughMoreThanAnyServiceAccepts() throws IOException {
        Matcher local = BODY_SIZE.matcher(Files.readString(Repo.ROOT.resolve("local/nginx.conf")));
        assertThat(local.find()).as("client_max_body_size in local/nginx.conf").isTrue();
        Rendered rendered = Chart.render(Scenario.DEFAULTS);
        JsonNode ingress = rendered.apiIngress();
        String chart = ingress.at("/metadata/annotations").path("nginx.ingress.kubernetes.io/proxy-body-size").asText();
        assertThat(bytes(chart)).as("the chart's proxy-body-size").isEqualTo(bytes(local.group(1)));

        Rendered.elements(ingress.at("/spec/rules/0/http/paths")).forEach(path -> {
            ServiceConfig config = ServiceDeployment.behind(rendered,
                    rendered.get("Service", path.at("/backend/service/name").asText())).config();
            assertThat(bytes(config.prod("quarkus.http.limits.max-body-size", "10240K")))
                    .as("the body limit of %s", config.module()).isLessThan(bytes(chart));
        });
    }

    /** NGINX and Quarkus sizes alike: a number with an optional k, m or g (either case). */
    private static long bytes(String size) {
        String s = size.trim().toLowerCase(Locale.ROOT);
        int shift = switch (s.isEmpty() ? ' ' : s.charAt(s.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        return Long.parseLong(shift == 0 ? s : s.substring(0, s.length() - 1)) << shift;
    }
}
