package homework.arch.infra.tracing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * With an OTLP endpoint named (as OTEL_EXPORTER_OTLP_ENDPOINT names it), the spans go there: a small OTLP/HTTP
 * receiver gets the span of a request, with its trace id.
 */
@QuarkusTest
@TestProfile(TracingExportTest.Exporting.class)
class TracingExportTest {

    /** Where the receiver listens: a system property, the one thing the profile and the test's class share. */
    private static final String PORT = "tracing-export-test.collector-port";

    public static class Exporting implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            if (System.getProperty(PORT) == null) {
                try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    System.setProperty(PORT, String.valueOf(free.getLocalPort()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return Map.of("infra.tracing.otlp-endpoint", "http://127.0.0.1:" + System.getProperty(PORT),
                    "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf");
        }
    }

    @Test
    void theSpansOfARequestAreExportedToTheNamedEndpoint() {
        List<Map.Entry<String, byte[]>> received = new CopyOnWriteArrayList<>();
        HttpServer collector = collector(Integer.getInteger(PORT), received);
        try {
            String traceId = UUID.randomUUID().toString().replace("-", "");

            given().header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                    .when().get("/correlation-probe/seen")
                    .then().statusCode(200);

            // OTLP/protobuf carries trace ids as 16 raw bytes.
            byte[] id = hex(traceId);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(received)
                    .anySatisfy(request -> {
                        assertThat(request.getKey()).isEqualTo("/v1/traces");
                        assertThat(indexOf(request.getValue(), id)).isNotNegative();
                    }));
        } finally {
            collector.stop(0);
        }
    }

    /** An OTLP/HTTP receiver that answers every export with 200 and keeps what it got. */
    private static HttpServer collector(int port, List<Map.Entry<String, byte[]>> received) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            server.createContext("/", exchange -> {
                received.add(Map.entry(exchange.getRequestURI().getPath(), exchange.getRequestBody().readAllBytes()));
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] hex(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
