package bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * A closed-loop HTTP load: {@code concurrency} clients, each sending its next request when the previous one was
 * answered, for a fixed time. At the end no request is abandoned: every client waits for its answer, so the counts
 * are exact (what the client saw is what the server did) and no server-side work is cut off by a closed connection.
 * Two threads do all the work, so the generator takes little of the CPU it measures.
 */
final class HttpLoad implements AutoCloseable {

    /** One outcome per answer, e.g. "paid", "http 500", "io error"; {@code success} names the counted one. */
    record Result(int concurrency, double seconds, Map<String, Long> outcomes, String success, Stats latency) {

        long successes() {
            return outcomes.getOrDefault(success, 0L);
        }

        long errors() {
            return outcomes.values().stream().mapToLong(Long::longValue).sum() - successes();
        }

        ObjectNode toJson(String perSecondName) {
            ObjectNode json = Json.object().put("concurrency", concurrency).put("seconds", Json.round(seconds, 1))
                    .put("requests", latency.count()).put(perSecondName, Json.round(successes() / seconds, 1));
            ObjectNode stats = latency.toJson();
            json.put("p50Ms", stats.get("p50Ms").asDouble()).put("p90Ms", stats.get("p90Ms").asDouble())
                    .put("p99Ms", stats.get("p99Ms").asDouble()).put("maxMs", stats.get("maxMs").asDouble())
                    .put("errors", errors());
            ObjectNode kinds = json.putObject("outcomes");
            outcomes.forEach(kinds::put);
            return json;
        }
    }

    private final ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "load");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).executor(executor).build();

    /**
     * @param classify (status, body) → outcome
     */
    Result run(int concurrency, Duration duration, Supplier<HttpRequest> requests,
            BiFunction<Integer, String, String> classify, String success) throws InterruptedException {
        Map<String, Long> outcomes = new TreeMap<>();
        double[][] latencies = {new double[1 << 14]};
        int[] count = {0};
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long[] last = {start};
        CountDownLatch clients = new CountDownLatch(concurrency);
        Object lock = new Object();
        for (int i = 0; i < concurrency; i++) {
            new Object() {
                void next() {
                    long sent = System.nanoTime();
                    client.sendAsync(requests.get(), HttpResponse.BodyHandlers.ofString())
                            .whenComplete((response, failure) -> {
                                long now = System.nanoTime();
                                String outcome = failure != null ? "io error"
                                        : classify.apply(response.statusCode(), response.body());
                                synchronized (lock) {
                                    outcomes.merge(outcome, 1L, Long::sum);
                                    if (count[0] == latencies[0].length) {
                                        latencies[0] = java.util.Arrays.copyOf(latencies[0], count[0] * 2);
                                    }
                                    latencies[0][count[0]++] = (now - sent) / 1e6;
                                    last[0] = Math.max(last[0], now);
                                }
                                if (now < end) {
                                    next();
                                } else {
                                    clients.countDown();
                                }
                            });
                }
            }.next();
        }
        if (!clients.await(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("requests still unanswered a minute after the load phase");
        }
        synchronized (lock) {
            return new Result(concurrency, (last[0] - start) / 1e9, outcomes, success,
                    new Stats(java.util.Arrays.copyOf(latencies[0], count[0])));
        }
    }

    /** What an answer that is not the expected one was: its status and problem code, if it has one. */
    static String failure(int status, String body) {
        int at = body.indexOf("\"code\":\"");
        return "http " + status + (at < 0 ? "" : " " + body.substring(at + 8, body.indexOf('"', at + 8)));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
