package homework.arch.deploy;

import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1IPBlock;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1LabelSelectorRequirement;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1NetworkPolicyPeer;
import io.kubernetes.client.openapi.models.V1NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Which connections the rendered NetworkPolicies let through, as the Kubernetes API defines them: a pod selected by
 * no policy of a direction is open in that direction; a selected one accepts (sends) only what some rule of those
 * policies allows, by peer (pod and namespace selectors, IP blocks) and by port (number, range or the destination
 * pod's named port, TCP unless said). A connection needs both the sender's egress and the receiver's ingress.
 * The policies live in {@link Chart#NAMESPACE}; endpoints outside it (or outside the cluster) have no policies here.
 */
record NetworkPolicies(List<V1NetworkPolicy> policies) {

    /** A pod (namespace, labels, named container ports) or an address outside the cluster (ip). */
    record Endpoint(String name, String namespace, Map<String, String> labels, Map<String, Integer> ports, String ip) {

        static Endpoint pod(String name, String namespace, Map<String, String> labels, Map<String, Integer> ports) {
            return new Endpoint(name, namespace, labels, ports, null);
        }

        static Endpoint address(String name, String ip) {
            return new Endpoint(name, null, Map.of(), Map.of(), ip);
        }

        boolean isPod() {
            return ip == null;
        }
    }

    static NetworkPolicies of(Rendered rendered) {
        JSON json = new JSON();
        return new NetworkPolicies(rendered.ofKind("NetworkPolicy")
                .map(m -> json.getGson().fromJson(m.toString(), V1NetworkPolicy.class)).toList());
    }

    /** The release's pods by workload name, with their labels and named container ports. */
    static Map<String, Endpoint> pods(Rendered rendered) {
        Map<String, Endpoint> pods = new TreeMap<>();
        rendered.workloads().forEach(workload -> {
            Map<String, String> labels = new TreeMap<>();
            Rendered.podLabels(workload).properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
            Map<String, Integer> ports = new TreeMap<>();
            Rendered.containers(Rendered.podSpec(workload)).flatMap(c -> Rendered.elements(c.path("ports")))
                    .forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
            pods.put(Rendered.name(workload), Endpoint.pod(Rendered.name(workload), Chart.NAMESPACE, labels, ports));
        });
        return pods;
    }

    boolean allows(Endpoint from, Endpoint to, int port, String protocol) {
        return sends(from, to, port, protocol) && accepts(to, from, port, protocol);
    }

    private boolean accepts(Endpoint to, Endpoint from, int port, String protocol) {
        if (!to.isPod() || !Chart.NAMESPACE.equals(to.namespace())) {
            return true;
        }
        List<V1NetworkPolicy> selecting = selecting(to, "Ingress");
        return selecting.isEmpty() || selecting.stream()
                .flatMap(p -> p.getSpec().getIngress() == null ? java.util.stream.Stream.empty() : p.getSpec().getIngress().stream())
                .anyMatch(rule -> peers(rule.getFrom(), from) && ports(rule.getPorts(), to, port, protocol));
    }

    private boolean sends(Endpoint from, Endpoint to, int port, String protocol) {
        if (!from.isPod() || !Chart.NAMESPACE.equals(from.namespace())) {
            return true;
        }
        List<V1NetworkPolicy> selecting = selecting(from, "Egress");
        return selecting.isEmpty() || selecting.stream()
                .flatMap(p -> p.getSpec().getEgress() == null ? java.util.stream.Stream.empty() : p.getSpec().getEgress().stream())
                .anyMatch(rule -> peers(rule.getTo(), to) && ports(rule.getPorts(), to, port, protocol));
    }

    private List<V1NetworkPolicy> selecting(Endpoint pod, String direction) {
        return policies.stream()
                .filter(p -> types(p).contains(direction))
                .filter(p -> selects(p.getSpec().getPodSelector(), pod.labels()))
                .toList();
    }

    /** policyTypes, or what the API server defaults them to. */
    private static List<String> types(V1NetworkPolicy policy) {
        if (policy.getSpec().getPolicyTypes() != null) {
            return policy.getSpec().getPolicyTypes();
        }
        return policy.getSpec().getEgress() == null || policy.getSpec().getEgress().isEmpty()
                ? List.of("Ingress") : List.of("Ingress", "Egress");
    }

    private static boolean peers(List<V1NetworkPolicyPeer> peers, Endpoint endpoint) {
        return peers == null || peers.isEmpty() || peers.stream().anyMatch(peer -> peer(peer, endpoint));
    }

    private static boolean peer(V1NetworkPolicyPeer peer, Endpoint endpoint) {
        if (peer.getIpBlock() != null) {
            return !endpoint.isPod() && inBlock(peer.getIpBlock(), endpoint.ip());
        }
        if (!endpoint.isPod()) {
            return false;
        }
        boolean namespace = peer.getNamespaceSelector() == null
                ? Chart.NAMESPACE.equals(endpoint.namespace())
                : selects(peer.getNamespaceSelector(), Map.of("kubernetes.io/metadata.name", endpoint.namespace()));
        return namespace && (peer.getPodSelector() == null || selects(peer.getPodSelector(), endpoint.labels()));
    }

    private static boolean ports(List<V1NetworkPolicyPort> ports, Endpoint to, int port, String protocol) {
        return ports == null || ports.isEmpty() || ports.stream().anyMatch(p -> {
            if (!Objects.requireNonNullElse(p.getProtocol(), "TCP").equals(protocol)) {
                return false;
            }
            IntOrString number = p.getPort();
            if (number == null) {
                return true;
            }
            if (!number.isInteger()) {
                return Objects.equals(to.ports().get(number.getStrValue()), port);
            }
            int last = p.getEndPort() == null ? number.getIntValue() : p.getEndPort();
            return port >= number.getIntValue() && port <= last;
        });
    }

    static boolean selects(V1LabelSelector selector, Map<String, String> labels) {
        if (selector.getMatchLabels() != null && !selector.getMatchLabels().entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
            return false;
        }
        if (selector.getMatchExpressions() == null) {
            return true;
        }
        for (V1LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
            String value = labels.get(requirement.getKey());
            boolean matches = switch (requirement.getOperator()) {
                case "In" -> value != null && requirement.getValues().contains(value);
                case "NotIn" -> value == null || !requirement.getValues().contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new AssertionError("unknown operator " + requirement.getOperator());
            };
            if (!matches) {
                return false;
            }
        }
        return true;
    }

    private static boolean inBlock(V1IPBlock block, String ip) {
        return inCidr(block.getCidr(), ip)
                && (block.getExcept() == null || block.getExcept().stream().noneMatch(except -> inCidr(except, ip)));
    }

    /** IPv4 only, as the tests' addresses. */
    static boolean inCidr(String cidr, String ip) {
        String[] parts = cidr.split("/");
        int bits = Integer.parseInt(parts[1]);
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (ipv4(parts[0]) & mask) == (ipv4(ip) & mask);
    }

    private static long ipv4(String ip) {
        long value = 0;
        for (String octet : ip.split("\\.")) {
            value = (value << 8) | Integer.parseInt(octet);
        }
        return value;
    }
}
