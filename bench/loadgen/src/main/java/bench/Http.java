package bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** The public API through the ingress, for setting up and checking (the load itself is {@link HttpLoad}'s). */
final class Http {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static final int RETRIES = 5;
    private final String baseUrl;

    Http(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /**
     * A setup request, retried a few times when the server fails (on a shared machine the database may be out of
     * connections for a moment): the same Idempotency-Key every time, so a retry never applies twice.
     *
     * @param authorization "Bearer …" of the user the request is about ({@link Users}), or null for the two requests
     *                      that take none (registration and login)
     */
    CompletableFuture<JsonNode> post(String path, Object body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-Correlation-Id", "bench-setup")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return attempt(request.build(), 1);
    }

    private CompletableFuture<JsonNode> attempt(HttpRequest request, int attempt) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenCompose(response -> {
            if (response.statusCode() >= 500 && attempt < RETRIES) {
                return CompletableFuture.supplyAsync(() -> null,
                        CompletableFuture.delayedExecutor(attempt, TimeUnit.SECONDS))
                        .thenCompose(ignored -> attempt(request, attempt + 1));
            }
            if (response.statusCode() != 200 && response.statusCode() != 201) {
                throw new IllegalStateException(request.method() + " " + request.uri().getPath() + " → "
                        + response.statusCode() + " " + Json.abbreviate(response.body()));
            }
            return CompletableFuture.completedFuture(Json.read(response.body()));
        });
    }

    /** @param authorization "Bearer …" of the user whose data it is */
    JsonNode get(String path, String authorization) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", authorization).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " → " + response.statusCode() + " "
                    + Json.abbreviate(response.body()));
        }
        return Json.read(response.body());
    }

    /** Runs {@code task} for every item, at most {@code concurrency} at once, and waits for all. */
    static <T, R> List<R> parallel(List<T> items, int concurrency, Function<T, CompletableFuture<R>> task) {
        Semaphore permits = new Semaphore(concurrency);
        List<CompletableFuture<R>> futures = new ArrayList<>();
        for (T item : items) {
            permits.acquireUninterruptibly();
            futures.add(task.apply(item).whenComplete((result, failure) -> permits.release()));
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }
}
