package homework.arch.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Just enough of a Kubernetes API server for the chart's `lookup` of Secrets. helm-java renders with dry-run
 * option "none", so `lookup` asks the cluster of KUBECONFIG (set by the pom to {@link #KUBECONFIG}); this one
 * answers on loopback with the Secrets a test put here, as a cluster with an earlier release would.
 */
final class FakeCluster {

    private static final Path KUBECONFIG = Path.of(System.getenv("KUBECONFIG"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Map<String, String>> SECRETS = new ConcurrentHashMap<>();
    private static volatile boolean started;

    private FakeCluster() {
    }

    static synchronized void start() {
        if (started) {
            return;
        }
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", FakeCluster::handle);
            server.start();
            Files.writeString(KUBECONFIG, kubeconfig("http://127.0.0.1:" + server.getAddress().getPort()));
            started = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes `lookup "v1" "Secret" <namespace> <name>` find a Secret with this (plain) data. */
    static void putSecret(String namespace, String name, Map<String, String> data) {
        SECRETS.put(namespace + "/" + name, data);
    }

    static void clear() {
        SECRETS.clear();
    }

    private static void handle(HttpExchange exchange) throws IOException {
        String[] path = exchange.getRequestURI().getPath().split("/");
        if (exchange.getRequestURI().getPath().equals("/api/v1")) {
            reply(exchange, 200, Map.of("kind", "APIResourceList", "apiVersion", "v1", "groupVersion", "v1",
                    "resources", List.of(Map.of("name", "secrets", "singularName", "secret", "namespaced", true,
                            "kind", "Secret", "verbs", List.of("get")))));
        } else if (path.length == 7 && "secrets".equals(path[5]) && SECRETS.containsKey(path[4] + "/" + path[6])) {
            Map<String, String> data = new java.util.TreeMap<>();
            SECRETS.get(path[4] + "/" + path[6]).forEach((k, v) ->
                    data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
            reply(exchange, 200, Map.of("kind", "Secret", "apiVersion", "v1",
                    "metadata", Map.of("name", path[6], "namespace", path[4]), "data", data));
        } else {
            reply(exchange, 404, Map.of("kind", "Status", "apiVersion", "v1", "status", "Failure",
                    "reason", "NotFound", "code", 404, "message", exchange.getRequestURI().getPath() + " not found"));
        }
    }

    private static void reply(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String kubeconfig(String server) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: fake
                    cluster:
                      server: %s
                users:
                  - name: fake
                    user: {}
                contexts:
                  - name: fake
                    context:
                      cluster: fake
                      user: fake
                current-context: fake
                """.formatted(server);
    }
}
