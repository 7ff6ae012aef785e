package homework.arch.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import homework.arch.deploy.Chart.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The edge: TLS and the HTTPS redirect on the Ingresses, the rate-limited sign-in paths, and the Gateway API routes,
 * which must route every request as the Ingresses and the local NGINX do.
 */
class EdgeTest {

    private static final String SSL_REDIRECT = "nginx.ingress.kubernetes.io/ssl-redirect";
    private static final String FORCE_SSL_REDIRECT = "nginx.ingress.kubernetes.io/force-ssl-redirect";
    private static final String LIMIT_RPM = "nginx.ingress.kubernetes.io/limit-rpm";
    /** Requests that tell the routes apart: each prefix, inside it, next to it, the sign-in paths and around them. */
    private static final List<String> REQUESTS = List.of("/", "/users", "/users/", "/users/login", "/users/login/x",
            "/users/me", "/users/.well-known/jwks.json", "/usersX", "/users/loginX", "/billing", "/billing/accounts/1",
            "/billingX", "/orders", "/orders/1", "/notifications", "/notifications?userId=1", "/internal/billing/payments",
            "/q/health", "/other");
    /** The fields of gateway.networking.k8s.io/v1 HTTPRoute the chart may write (from the Gateway API's spec). */
    private static final Map<String, Set<String>> HTTPROUTE_FIELDS = Map.of(
            "", Set.of("apiVersion", "kind", "metadata", "spec"),
            "metadata", Set.of("name", "labels", "annotations"),
            "spec", Set.of("parentRefs", "hostnames", "rules"),
            "parentRef", Set.of("group", "kind", "namespace", "name", "sectionName", "port"),
            "rule", Set.of("name", "matches", "filters", "backendRefs", "timeouts"),
            "match", Set.of("path", "headers", "queryParams", "method"),
            "path", Set.of("type", "value"),
            "backendRef", Set.of("group", "kind", "name", "namespace", "port", "weight", "filters"),
            "filter", Set.of("type", "requestRedirect"),
            "requestRedirect", Set.of("scheme", "hostname", "path", "port", "statusCode"));

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void withoutTlsThereIsNoRedirect(Scenario scenario) {
        Chart.render(scenario).ofKind("Ingress").forEach(ingress -> {
            assertThat(ingress.at("/spec/tls").isMissingNode()).isTrue();
            assertThat(ingress.at("/metadata/annotations").has(SSL_REDIRECT)).isFalse();
        });
    }

    @Test
    void withTlsEveryIngressServesTheHostWithTheCertificateAndRedirectsToHttps() {
        Rendered rendered = Chart.render(Scenario.DEFAULTS, "edge.yaml");
        assertThat(rendered.ofKind("Ingress")).hasSize(2).allSatisfy(ingress -> {
            JsonNode tls = ingress.at("/spec/tls/0");
            assertThat(Rendered.elements(tls.path("hosts")).map(JsonNode::asText)).containsExactly("arch.homework");
            assertThat(tls.path("secretName").asText()).isEqualTo("arch-tls");
            JsonNode annotations = ingress.at("/metadata/annotations");
            assertThat(annotations.path(SSL_REDIRECT).asText()).isEqualTo("true");
            assertThat(annotations.path(FORCE_SSL_REDIRECT).asText()).isEqualTo("true");
        });
        // cert-manager makes the Secret once, from the API Ingress; the sign-in Ingress shares it.
        assertThat(rendered.apiIngress().at("/metadata/annotations").path("cert-manager.io/cluster-issuer").asText())
                .isEqualTo("letsencrypt");
        assertThat(rendered.get("Ingress", "arch-sign-in").at("/metadata/annotations").has("cert-manager.io/cluster-issuer"))
                .isFalse();

        Rendered withSecret = Chart.render(Scenario.DEFAULTS, Map.of("ingress.tls.enabled", "true",
                "ingress.tls.secretName", "payments-tls", "ingress.tls.certManager.issuer", "local-ca"));
        assertThat(withSecret.apiIngress().at("/spec/tls/0/secretName").asText()).isEqualTo("payments-tls");
        assertThat(withSecret.apiIngress().at("/metadata/annotations").path("cert-manager.io/issuer").asText())
                .isEqualTo("local-ca");
        assertThatThrownBy(() -> Chart.template(Scenario.DEFAULTS, Map.of("ingress.tls.certManager.issuer", "a",
                "ingress.tls.certManager.clusterIssuer", "b"))).hasMessageContaining("not both");
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void onlyRegistrationAndLoginAreRateLimited(Scenario scenario) {
        Rendered rendered = Chart.render(scenario);
        rendered.ofKind("Ingress").forEach(ingress -> {
            boolean limited = ingress.at("/metadata/annotations").properties().stream()
                    .anyMatch(e -> e.getKey().startsWith("nginx.ingress.kubernetes.io/limit-"));
            assertThat(limited).as("limits on %s", Rendered.name(ingress))
                    .isEqualTo(Rendered.name(ingress).endsWith("-sign-in"));
        });
        String prefix = scenario == Scenario.DEFAULTS ? "arch" : "shop";
        JsonNode signIn = rendered.get("Ingress", prefix + "-sign-in");
        assertThat(signIn.at("/metadata/annotations").path(LIMIT_RPM).asText()).isEqualTo("30");
        assertThat(signIn.at("/metadata/annotations").path("nginx.ingress.kubernetes.io/limit-burst-multiplier").asText())
                .isEqualTo("3");
        // The same body limit as the API's Ingress, so that the service still answers a body too large.
        assertThat(signIn.at("/metadata/annotations").path("nginx.ingress.kubernetes.io/proxy-body-size"))
                .isEqualTo(rendered.apiIngress().at("/metadata/annotations").path("nginx.ingress.kubernetes.io/proxy-body-size"));
        Map<String, String> paths = new TreeMap<>();
        signIn.at("/spec/rules/0/http/paths").forEach(path -> {
            assertThat(path.path("pathType").asText()).isEqualTo("Exact");
            paths.put(path.path("path").asText(), path.at("/backend/service/name").asText());
        });
        assertThat(paths).isEqualTo(Map.of("/users", prefix + "-user-service", "/users/login", prefix + "-user-service"));

        assertThat(Chart.render(scenario,
                Map.of("ingress.rateLimit.enabled", "false")).ofKind("Ingress").map(Rendered::name))
                .containsExactly(prefix);
    }

    @Test
    void theLocalNginxLimitsTheSameRequestsGenerouslyAndNothingElse() throws IOException {
        String conf = Files.readString(Repo.ROOT.resolve("local/nginx.conf"));
        NginxLocations locations = NginxLocations.parse(conf);
        Map<String, String> zones = new TreeMap<>();
        for (NginxLocations.Location location : locations.locations()) {
            Matcher zone = Pattern.compile("limit_req\\s+zone=(\\w+)\\s+burst=(\\d+)").matcher(location.body());
            if (zone.find()) {
                assertThat(location.modifier()).as("location %s", location.path()).isEqualTo("=");
                zones.put(location.path(), zone.group(1));
                assertThat(Integer.parseInt(zone.group(2))).as("burst at %s", location.path()).isGreaterThanOrEqualTo(100);
            }
        }
        assertThat(zones).isEqualTo(Map.of("/users", "registration", "/users/login", "login"));
        Matcher rates = Pattern.compile("limit_req_zone\\s+\\$(\\w+)\\s+zone=(\\w+):\\S+\\s+rate=(\\d+)r/s;").matcher(conf);
        Map<String, String> keys = new TreeMap<>();
        while (rates.find()) {
            keys.put(rates.group(2), rates.group(1));
            // Generous: the test suites and the bench must never meet it.
            assertThat(Integer.parseInt(rates.group(3))).as("rate of zone %s", rates.group(2)).isGreaterThanOrEqualTo(50);
        }
        assertThat(keys).isEqualTo(Map.of("login", "binary_remote_addr", "registration", "registration_client"));
        // Registration's key is empty (not counted) but for POST.
        assertThat(conf).containsPattern("map \\$request_method \\$registration_client \\{\\s*POST \\$binary_remote_addr;\\s*default \"\";");
        assertThat(conf).contains("limit_req_status 429;");
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void theHttpRoutesRouteEveryRequestAsTheIngressesAndTheLocalNginx(Scenario scenario) throws IOException {
        Rendered rendered = Chart.render(scenario, "edge.yaml");
        String host = rendered.apiIngress().at("/spec/rules/0/host").asText();
        List<JsonNode> routes = rendered.ofKind("HTTPRoute").filter(r -> !Rendered.name(r).endsWith("-https-redirect")).toList();
        assertThat(routes).hasSize(2);
        routes.forEach(EdgeTest::isAnHttpRoute);
        NginxLocations local = NginxLocations.parse(Files.readString(Repo.ROOT.resolve("local/nginx.conf")));

        for (String request : REQUESTS) {
            String path = request.replaceFirst("\\?.*", "");
            Optional<String> byIngress = byIngresses(rendered, path);
            Optional<String> byGateway = byHttpRoutes(rendered, routes, host, path);
            assertThat(byGateway).as("the HTTPRoutes' backend for %s", request).isEqualTo(byIngress);
            if (scenario == Scenario.DEFAULTS) {
                Optional<String> byNginx = local.select(path).filter(NginxLocations.Location::proxies)
                        .map(l -> l.body().replaceFirst("(?s).*proxy_pass http://([^;/]+);.*", "$1"));
                assertThat(byNginx.map(upstream -> "arch-" + upstream)).as("the local NGINX's upstream for %s", request)
                        .isEqualTo(byIngress.map(s -> s.replaceFirst(":\\d+$", "")));
            }
        }
        // The sign-in requests are on a route of their own, for a rate-limit policy to target.
        JsonNode signIn = rendered.get("HTTPRoute", Rendered.name(rendered.apiIngress()) + "-sign-in");
        assertThat(signIn.at("/spec/rules").size()).isEqualTo(1);
        assertThat(Rendered.elements(signIn.at("/spec/rules/0/matches")).map(m -> m.at("/path/type").asText() + " "
                + m.at("/path/value").asText())).containsExactlyInAnyOrder("Exact /users", "Exact /users/login");
    }

    @Test
    void theHttpRoutesAttachToTheConfiguredGatewayAndPlainHttpIsRedirected() {
        Rendered rendered = Chart.render(Scenario.DEFAULTS, "edge.yaml");
        for (String name : List.of("arch", "arch-sign-in")) {
            JsonNode parent = rendered.get("HTTPRoute", name).at("/spec/parentRefs/0");
            assertThat(parent.path("name").asText()).isEqualTo("shared");
            assertThat(parent.path("namespace").asText()).isEqualTo("nginx-gateway");
            assertThat(parent.path("sectionName").asText()).isEqualTo("https");
        }
        JsonNode redirect = rendered.get("HTTPRoute", "arch-https-redirect");
        isAnHttpRoute(redirect);
        assertThat(redirect.at("/spec/parentRefs/0/sectionName").asText()).isEqualTo("http");
        assertThat(redirect.at("/spec/hostnames/0").asText()).isEqualTo("arch.homework");
        assertThat(redirect.at("/spec/rules/0/filters/0/type").asText()).isEqualTo("RequestRedirect");
        assertThat(redirect.at("/spec/rules/0/filters/0/requestRedirect/scheme").asText()).isEqualTo("https");
        assertThat(redirect.at("/spec/rules/0/backendRefs").isMissingNode()).isTrue();

        // The default: the Ingress alone; the Gateway API alone when asked.
        assertThat(Chart.render(Scenario.DEFAULTS).ofKind("HTTPRoute")).isEmpty();
        Rendered gatewayOnly = Chart.render(Scenario.DEFAULTS, Map.of("ingress.enabled", "false", "gateway.enabled", "true",
                "gateway.parentRefs[0].name", "shared"));
        assertThat(gatewayOnly.ofKind("Ingress")).isEmpty();
        assertThat(gatewayOnly.ofKind("HTTPRoute").map(Rendered::name)).containsExactlyInAnyOrder("arch", "arch-sign-in");
        assertThatThrownBy(() -> Chart.template(Scenario.DEFAULTS, Map.of("gateway.enabled", "true")))
                .hasMessageContaining("gateway.parentRefs");
    }

    /** The Service and port an ingress-nginx controller sends a path to: Exact first, then the longest Prefix. */
    private static Optional<String> byIngresses(Rendered rendered, String path) {
        List<JsonNode> paths = rendered.ofKind("Ingress").flatMap(i -> Rendered.elements(i.at("/spec/rules/0/http/paths"))).toList();
        Optional<JsonNode> exact = paths.stream()
                .filter(p -> p.path("pathType").asText().equals("Exact") && p.path("path").asText().equals(path)).findFirst();
        Optional<JsonNode> chosen = exact.or(() -> paths.stream()
                .filter(p -> p.path("pathType").asText().equals("Prefix") && IngressTest.routes("Prefix", p.path("path").asText(), path))
                .max((a, b) -> a.path("path").asText().length() - b.path("path").asText().length()));
        return chosen.map(p -> {
            JsonNode service = rendered.get("Service", p.at("/backend/service/name").asText());
            JsonNode port = p.at("/backend/service/port/name");
            return Rendered.name(service) + ":" + rendered.targetPort(service, port);
        });
    }

    /** The same for HTTPRoutes (Gateway API precedence: an Exact match, then the longest PathPrefix). */
    private static Optional<String> byHttpRoutes(Rendered rendered, List<JsonNode> routes, String host, String path) {
        List<JsonNode> rules = routes.stream()
                .filter(r -> Rendered.elements(r.at("/spec/hostnames")).anyMatch(h -> h.asText().equals(host)))
                .flatMap(r -> Rendered.elements(r.at("/spec/rules"))).toList();
        Optional<JsonNode> exact = rules.stream().filter(rule -> Rendered.elements(rule.path("matches"))
                .anyMatch(m -> m.at("/path/type").asText().equals("Exact") && m.at("/path/value").asText().equals(path)))
                .findFirst();
        Optional<JsonNode> chosen = exact.or(() -> rules.stream()
                .filter(rule -> prefix(rule, path) >= 0)
                .max((a, b) -> prefix(a, path) - prefix(b, path)));
        return chosen.map(rule -> {
            assertThat(rule.path("backendRefs").size()).isEqualTo(1);
            JsonNode backend = rule.at("/backendRefs/0");
            JsonNode service = rendered.get("Service", backend.path("name").asText());
            return Rendered.name(service) + ":" + rendered.targetPort(service, IntNode.valueOf(backend.path("port").asInt()));
        });
    }

    /** The length of a rule's longest PathPrefix that matches the path (whole segments), or -1. */
    private static int prefix(JsonNode rule, String path) {
        return Rendered.elements(rule.path("matches"))
                .filter(m -> m.at("/path/type").asText().equals("PathPrefix")
                        && IngressTest.routes("Prefix", m.at("/path/value").asText(), path))
                .mapToInt(m -> m.at("/path/value").asText().length()).max().orElse(-1);
    }

    /** The HTTPRoute's fields and values against the Gateway API's v1 spec (no Kubernetes Java model exists). */
    private static void isAnHttpRoute(JsonNode route) {
        String name = Rendered.name(route);
        assertThat(route.path("apiVersion").asText()).isEqualTo("gateway.networking.k8s.io/v1");
        fields(route, "", name);
        fields(route.path("metadata"), "metadata", name);
        JsonNode spec = route.path("spec");
        fields(spec, "spec", name);
        assertThat(spec.path("parentRefs").size()).as("parentRefs of %s", name).isBetween(1, 32);
        spec.path("parentRefs").forEach(ref -> {
            fields(ref, "parentRef", name);
            assertThat(ref.path("name").asText()).isNotEmpty();
        });
        assertThat(spec.path("hostnames").size()).isBetween(1, 16);
        assertThat(spec.path("rules").size()).as("rules of %s", name).isBetween(1, 16);
        spec.path("rules").forEach(rule -> {
            fields(rule, "rule", name);
            assertThat(rule.path("matches").size()).isLessThanOrEqualTo(64);
            rule.path("matches").forEach(match -> {
                fields(match, "match", name);
                fields(match.path("path"), "path", name);
                assertThat(match.at("/path/type").asText()).isIn("Exact", "PathPrefix");
                assertThat(match.at("/path/value").asText()).startsWith("/");
            });
            rule.path("backendRefs").forEach(ref -> {
                fields(ref, "backendRef", name);
                assertThat(ref.path("port").isInt()).isTrue();
            });
            rule.path("filters").forEach(filter -> {
                fields(filter, "filter", name);
                assertThat(filter.path("type").asText()).isEqualTo("RequestRedirect");
                fields(filter.path("requestRedirect"), "requestRedirect", name);
                assertThat(filter.at("/requestRedirect/statusCode").asInt()).isIn(301, 302);
            });
        });
    }

    private static void fields(JsonNode node, String what, String route) {
        assertThat(node.isObject()).as("%s of HTTPRoute %s is an object", what, route).isTrue();
        assertThat(node.properties()).extracting(Map.Entry::getKey).as("%s of HTTPRoute %s", what, route)
                .isSubsetOf(HTTPROUTE_FIELDS.get(what));
    }
}
