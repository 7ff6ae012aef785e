package homework.arch.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** The manifests `helm template` printed, parsed, with the look-ups the wiring checks need. */
record Rendered(List<JsonNode> manifests) {

    /** Kinds whose objects run pods, and where their pod spec sits. */
    private static final Map<String, String> POD_SPEC_PATHS = Map.of(
            "Deployment", "/spec/template/spec",
            "StatefulSet", "/spec/template/spec",
            "Pod", "/spec");

    Stream<JsonNode> ofKind(String kind) {
        return manifests.stream().filter(m -> kind.equals(m.path("kind").asText()));
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).filter(m -> name.equals(name(m))).findFirst();
    }

    JsonNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name + " rendered"));
    }

    static String name(JsonNode manifest) {
        return manifest.path("metadata").path("name").asText();
    }

    /** The module a workload runs (its app.kubernetes.io/name label), e.g. user-service. */
    static String app(JsonNode manifest) {
        return manifest.path("metadata").path("labels").path("app.kubernetes.io/name").asText();
    }

    /** The Ingress of the services' API prefixes (not the rate-limited sign-in one). */
    JsonNode apiIngress() {
        List<JsonNode> ingresses = ofKind("Ingress").filter(i -> !name(i).endsWith("-sign-in")).toList();
        if (ingresses.size() != 1) {
            throw new AssertionError(ingresses.size() + " API Ingresses rendered");
        }
        return ingresses.get(0);
    }

    /** Every object that runs pods (Deployment, StatefulSet, Pod). */
    Stream<JsonNode> workloads() {
        return manifests.stream().filter(m -> POD_SPEC_PATHS.containsKey(m.path("kind").asText()));
    }

    static JsonNode podSpec(JsonNode workload) {
        return workload.at(POD_SPEC_PATHS.get(workload.path("kind").asText()));
    }

    static Stream<JsonNode> containers(JsonNode podSpec) {
        return Stream.concat(elements(podSpec.path("initContainers")), elements(podSpec.path("containers")));
    }

    static Stream<JsonNode> elements(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    /** The pods' labels of a workload. */
    static JsonNode podLabels(JsonNode workload) {
        return "Pod".equals(workload.path("kind").asText())
                ? workload.path("metadata").path("labels")
                : workload.at("/spec/template/metadata/labels");
    }

    /** The workloads whose pods a label selector (a matchLabels map) selects. */
    Stream<JsonNode> selectedBy(JsonNode matchLabels) {
        return workloads().filter(w -> {
            JsonNode labels = podLabels(w);
            return !matchLabels.isEmpty() && matchLabels.properties().stream()
                    .allMatch(e -> e.getValue().asText().equals(labels.path(e.getKey()).asText()));
        });
    }

    /** A Secret's data, decoded. */
    Map<String, String> secretData(String name) {
        Map<String, String> data = new TreeMap<>();
        get("Secret", name).path("data").properties().forEach(e -> data.put(e.getKey(),
                new String(Base64.getDecoder().decode(e.getValue().asText()), StandardCharsets.UTF_8)));
        return data;
    }

    Map<String, String> configMapData(String name) {
        Map<String, String> data = new TreeMap<>();
        get("ConfigMap", name).path("data").properties().forEach(e -> data.put(e.getKey(), e.getValue().asText()));
        return data;
    }

    /**
     * The environment a container sees: its env entries and every key of its envFrom ConfigMaps and Secrets.
     * Values from a Secret or ConfigMap are resolved; a reference to a missing object or key fails.
     */
    Map<String, String> environment(JsonNode container) {
        Map<String, String> env = new TreeMap<>();
        elements(container.path("envFrom")).forEach(source -> {
            if (source.has("configMapRef")) {
                env.putAll(configMapData(source.path("configMapRef").path("name").asText()));
            } else {
                env.putAll(secretData(source.path("secretRef").path("name").asText()));
            }
        });
        elements(container.path("env")).forEach(var -> env.put(var.path("name").asText(), value(var)));
        return env;
    }

    private String value(JsonNode var) {
        if (var.has("value")) {
            return var.path("value").asText();
        }
        JsonNode from = var.path("valueFrom");
        JsonNode ref = from.has("secretKeyRef") ? from.path("secretKeyRef") : from.path("configMapKeyRef");
        Map<String, String> data = from.has("secretKeyRef")
                ? secretData(ref.path("name").asText())
                : configMapData(ref.path("name").asText());
        String key = ref.path("key").asText();
        if (!data.containsKey(key)) {
            throw new AssertionError("env " + var.path("name").asText() + " refers to missing key " + key
                    + " of " + ref.path("name").asText());
        }
        return data.get(key);
    }

    /** A container port by name or number (as probes and Services name them). */
    static int containerPort(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        return elements(container.path("ports"))
                .filter(p -> port.asText().equals(p.path("name").asText()))
                .map(p -> p.path("containerPort").asInt())
                .findFirst()
                .orElseThrow(() -> new AssertionError("container " + container.path("name").asText()
                        + " has no port named " + port.asText()));
    }

    /** The container of a service's Deployment that runs the service (named after its module). */
    static JsonNode appContainer(JsonNode workload) {
        return elements(podSpec(workload).path("containers"))
                .filter(c -> app(workload).equals(c.path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name(workload) + " has no container named " + app(workload)));
    }

    /** The one workload a Service selects, and the container port its `port` leads to. */
    JsonNode backend(JsonNode service) {
        List<JsonNode> selected = selectedBy(service.path("spec").path("selector")).toList();
        if (selected.size() != 1) {
            throw new AssertionError("Service " + name(service) + " selects " + selected.size() + " workloads");
        }
        return selected.get(0);
    }

    /** The container port behind a port of a Service (given by number or name), on the workload it selects. */
    int targetPort(JsonNode service, JsonNode port) {
        JsonNode servicePort = elements(service.path("spec").path("ports"))
                .filter(p -> port.isInt() ? p.path("port").asInt() == port.asInt()
                        : port.asText().equals(p.path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("Service " + name(service) + " has no port " + port));
        JsonNode target = servicePort.has("targetPort") ? servicePort.path("targetPort") : servicePort.path("port");
        JsonNode workload = backend(service);
        return containers(podSpec(workload))
                .filter(c -> target.isInt() || elements(c.path("ports")).anyMatch(p -> target.asText().equals(p.path("name").asText())))
                .map(c -> containerPort(c, target))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container of " + name(workload) + " has port " + target));
    }

}
