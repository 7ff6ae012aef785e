package bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the services export their spans while the tracing phase measures "tracing on": an OTLP/HTTP (http/protobuf)
 * endpoint on 127.0.0.1 that answers every POST with 200 and an empty body (an empty ExportTraceServiceResponse, so
 * the exporter counts the batch as delivered) and only counts what arrived. A real collector would take CPU of its own
 * on the same two cores; what is measured is what exporting costs the services.
 */
final class OtlpSink implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "otlp sink");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    /** Requests per method and path ("POST /v1/traces"): another path or method would mean a misconfigured exporter. */
    private final Map<String, AtomicLong> byPath = new ConcurrentHashMap<>();

    record Count(long requests, long bytes) {
        Count minus(Count earlier) {
            return new Count(requests - earlier.requests, bytes - earlier.bytes);
        }
    }

    OtlpSink() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** What the services are given as OTEL_EXPORTER_OTLP_ENDPOINT (the exporter adds /v1/traces, or posts here). */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    Count count() {
        return new Count(requests.get(), bytes.get());
    }

    ObjectNode toJson() {
        ObjectNode json = Json.object().put("endpoint", endpoint()).put("requests", requests.get())
                .put("bytes", bytes.get());
        ObjectNode paths = json.putObject("requestsByPath");
        new TreeMap<>(byPath).forEach((path, n) -> paths.put(path, n.get()));
        return json;
    }

    private void handle(HttpExchange exchange) throws IOException {
        long received = 0;
        try (InputStream body = exchange.getRequestBody()) {
            byte[] buffer = new byte[16384];
            for (int n; (n = body.read(buffer)) >= 0; ) {
                received += n;
            }
        }
        String method = exchange.getRequestMethod();
        byPath.computeIfAbsent(method + " " + exchange.getRequestURI().getPath(), k -> new AtomicLong())
                .incrementAndGet();
        if (method.equals("POST")) {
            requests.incrementAndGet();
            bytes.addAndGet(received);
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        } else {
            exchange.sendResponseHeaders(405, -1);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
