package homework.arch.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import homework.arch.deploy.Chart.Scenario;
import homework.arch.deploy.NetworkPolicies.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Who may reach what, by the rendered NetworkPolicies: every pair of the release's pods and the pods and addresses
 * around them, on every port either side has (and a few more), against the table of what the design allows.
 */
class NetworkPolicyTest {

    private static final Endpoint CONTROLLER = Endpoint.pod("ingress-nginx", "ingress-nginx",
            Map.of("app.kubernetes.io/name", "ingress-nginx", "app.kubernetes.io/component", "controller"), Map.of());
    private static final Endpoint ADMISSION_JOB = Endpoint.pod("ingress-nginx-admission", "ingress-nginx",
            Map.of("app.kubernetes.io/component", "admission-webhook"), Map.of());
    private static final Endpoint GATEWAY = Endpoint.pod("gateway-nginx", "nginx-gateway",
            Map.of("app.kubernetes.io/name", "shared-nginx"), Map.of());
    private static final Endpoint PROMETHEUS = Endpoint.pod("prometheus", "monitoring",
            Map.of("app.kubernetes.io/name", "prometheus"), Map.of());
    private static final Endpoint DNS = Endpoint.pod("coredns", "kube-system", Map.of("k8s-app", "kube-dns"),
            Map.of("dns", 53));
    private static final Endpoint NEIGHBOUR = Endpoint.pod("neighbour", Chart.NAMESPACE,
            Map.of("app.kubernetes.io/name", "neighbour"), Map.of());
    /** Labelled like the controller, in another namespace. */
    private static final Endpoint IMPOSTOR = Endpoint.pod("impostor", "tenant",
            Map.of("app.kubernetes.io/name", "ingress-nginx"), Map.of());
    private static final Endpoint INTERNET = Endpoint.address("internet", "198.51.100.7");
    private static final Endpoint EXTERNAL_DB = Endpoint.address("db.example.internal", "10.20.30.7");
    private static final Endpoint EXTERNAL_MQ = Endpoint.address("mq.example.internal", "10.20.40.5");
    private static final Endpoint ISSUER = Endpoint.address("keycloak.example.org", "203.0.113.10");
    /** Ports tried besides each destination's own: the external servers', RabbitMQ's metrics, DNS, SSH, HTTPS. */
    private static final List<Integer> MORE_PORTS = List.of(22, 53, 443, 5432, 5672, 5673, 6543, 15692);
    private static final List<String> SERVICES = List.of("user-service", "billing-service", "order-service",
            "notification-service");

    @Test
    void withTheDefaultsEachPodReachesExactlyWhatItNeeds() {
        Rendered rendered = Chart.render(Scenario.DEFAULTS);
        Set<String> expected = new TreeSet<>();
        for (String service : SERVICES) {
            String api = "arch-" + service + ":8080/TCP";
            expected.add("ingress-nginx -> " + api);
            expected.add("arch-newman -> " + api);
            expected.add("prometheus -> arch-" + service + ":9000/TCP");
            expected.add("arch-" + service + " -> arch-postgresql:5432/TCP");
            expected.add("arch-" + service + " -> arch-rabbitmq:5672/TCP");
            if (!service.equals("user-service")) {
                // Its JWK Set, to verify access tokens.
                expected.add("arch-" + service + " -> arch-user-service:8080/TCP");
            }
        }
        expected.add("arch-user-service -> arch-billing-service:8080/TCP");
        expected.add("arch-order-service -> arch-billing-service:8080/TCP");
        expected.add("prometheus -> arch-rabbitmq:15672/TCP");
        expected.add("prometheus -> arch-rabbitmq:15692/TCP");
        Stream.concat(SERVICES.stream().map(s -> "arch-" + s), Stream.of("arch-postgresql", "arch-rabbitmq", "arch-newman"))
                .forEach(pod -> {
                    expected.add(pod + " -> coredns:53/UDP");
                    expected.add(pod + " -> coredns:53/TCP");
                });

        assertThat(allowed(rendered, List.of(INTERNET))).containsExactlyElementsOf(expected);
    }

    @Test
    void withExternalServersAndIssuerTheServicesReachTheirAddressesOnly() {
        Rendered rendered = Chart.render(Scenario.EXTERNAL);
        Set<String> expected = new TreeSet<>();
        for (String service : SERVICES) {
            String pod = "shop-" + service;
            expected.add("ingress-nginx -> " + pod + ":8080/TCP");
            expected.add("shop-newman -> " + pod + ":8080/TCP");
            expected.add("prometheus -> " + pod + ":9000/TCP");
            expected.add(pod + " -> db.example.internal:6543/TCP");
            expected.add(pod + " -> mq.example.internal:5673/TCP");
            // Tokens come from the external issuer: no service asks user-service for keys.
            expected.add(pod + " -> keycloak.example.org:443/TCP");
            expected.add(pod + " -> coredns:53/UDP");
            expected.add(pod + " -> coredns:53/TCP");
        }
        expected.add("shop-user-service -> shop-billing-service:8080/TCP");
        expected.add("shop-order-service -> shop-billing-service:8080/TCP");
        expected.add("shop-newman -> coredns:53/UDP");
        expected.add("shop-newman -> coredns:53/TCP");

        assertThat(allowed(rendered, List.of(INTERNET, EXTERNAL_DB, EXTERNAL_MQ, ISSUER)))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void behindAGatewayItsPodsTakeTheIngressControllersPlace() {
        Rendered rendered = Chart.render(Scenario.DEFAULTS, Map.of("ingress.enabled", "false",
                "gateway.enabled", "true", "gateway.parentRefs[0].name", "shared"));
        Set<String> fromTheEdge = new TreeSet<>();
        allowed(rendered, List.of()).stream()
                .filter(c -> c.startsWith("gateway-nginx ") || c.startsWith("ingress-nginx ")).forEach(fromTheEdge::add);
        assertThat(fromTheEdge).containsExactlyInAnyOrderElementsOf(SERVICES.stream()
                .map(s -> "gateway-nginx -> arch-" + s + ":8080/TCP").toList());
    }

    @Test
    void switchedOffNoPolicyIsRendered() {
        Rendered rendered = Chart.render(Scenario.DEFAULTS, Map.of("networkPolicy.enabled", "false"));
        assertThat(rendered.ofKind("NetworkPolicy")).isEmpty();
        assertThat(NetworkPolicies.of(rendered).allows(NEIGHBOUR, NetworkPolicies.pods(rendered).get("arch-postgresql"), 5432, "TCP"))
                .isTrue();
    }

    @Test
    void externalServersNeedTheirAddressesForTheEgressRules() {
        assertThatThrownBy(() -> Chart.template(Scenario.DEFAULTS, Map.of("postgresql.enabled", "false",
                "postgresql.external.host", "db.example.internal")))
                .hasMessageContaining("networkPolicy.egress.postgresql");
        assertThatThrownBy(() -> Chart.template(Scenario.DEFAULTS, Map.of("tokens.externalIssuer.enabled", "true",
                "tokens.externalIssuer.issuer", "https://id.example.org", "tokens.externalIssuer.jwksUrl",
                "https://id.example.org/keys")))
                .hasMessageContaining("networkPolicy.egress.tokenIssuer.cidrs");
    }

    /** Every allowed connection between the release's pods and the endpoints around them, as "from -> to:port/proto". */
    private static Set<String> allowed(Rendered rendered, List<Endpoint> addresses) {
        NetworkPolicies policies = NetworkPolicies.of(rendered);
        Map<String, Endpoint> release = NetworkPolicies.pods(rendered);
        List<Endpoint> endpoints = new ArrayList<>(release.values());
        endpoints.addAll(List.of(CONTROLLER, ADMISSION_JOB, GATEWAY, PROMETHEUS, DNS, NEIGHBOUR, IMPOSTOR));
        endpoints.addAll(addresses);
        Set<String> allowed = new TreeSet<>();
        for (Endpoint from : endpoints) {
            if (!from.isPod()) {
                continue;
            }
            for (Endpoint to : endpoints) {
                if (from == to || !release.containsValue(from) && !release.containsValue(to)) {
                    continue;
                }
                Set<Integer> ports = new TreeSet<>(to.ports().values());
                ports.addAll(MORE_PORTS);
                for (int port : ports) {
                    for (String protocol : List.of("TCP", "UDP")) {
                        if (policies.allows(from, to, port, protocol)) {
                            allowed.add(from.name() + " -> " + to.name() + ":" + port + "/" + protocol);
                        }
                    }
                }
            }
        }
        return allowed;
    }
}
