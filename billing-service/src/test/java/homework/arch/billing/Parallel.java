package homework.arch.billing;

import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/** Fires many HTTP requests at once, all in flight together, and waits for every answer. */
public final class Parallel {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private Parallel() {
    }

    /**
     * A JSON POST to the application under test; {@code idempotencyKey} may be null.
     *
     * @param authorization the Authorization header: a user's access token, or a service's credential
     */
    public static HttpRequest post(String authorization, String path, String idempotencyKey, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                        + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.build();
    }

    public static List<HttpResponse<String>> send(int count, IntFunction<HttpRequest> request) {
        List<CompletableFuture<HttpResponse<String>>> inFlight = IntStream.range(0, count)
                .mapToObj(i -> CLIENT.sendAsync(request.apply(i), HttpResponse.BodyHandlers.ofString()))
                .toList();
        return inFlight.stream().map(CompletableFuture::join).toList();
    }
}
