package bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * A closed-loop HTTP load: {@code concurrency} clients, each sending its next request when the previous one was
 * answered, for a fixed time. At the end no request is abandoned: every client waits for its answer, so the counts
 * are exact (what the client saw is what the server did) and no server-side work is cut off by a closed connection.
 * The driver shares the two cores with what it measures, so every client runs on one Vert.x event loop, a keep-alive
 * connection each: the JDK's HttpClient cost several times the CPU per request (decision 0020). The loop is the only
 * thread that records answers, and the latch hands what it recorded to the caller.
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

    /** A POST of a JSON body to a path under the base address, as the user {@code authorization} names (or none). */
    record Post(String path, String authorization, String body) {
    }

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
            .setInternalBlockingPoolSize(1));
    private final URI base;

    /** @param base the ingress, e.g. {@code http://127.0.0.1:80}; every request carries {@link Bench#HOST} */
    HttpLoad(String base) {
        this.base = URI.create(base);
    }

    /**
     * @param classify (status, body) → outcome
     */
    Result run(int concurrency, Duration duration, Supplier<Post> requests,
            BiFunction<Integer, String, String> classify, String success) throws InterruptedException {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(base.getHost())
                .setDefaultPort(base.getPort() < 0 ? 80 : base.getPort()).setConnectTimeout(2000),
                new PoolOptions().setHttp1MaxSize(concurrency));
        Map<String, Long> outcomes = new TreeMap<>();
        double[][] latencies = {new double[1 << 14]};
        int[] count = {0};
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long[] last = {start};
        CountDownLatch clients = new CountDownLatch(concurrency);
        for (int i = 0; i < concurrency; i++) {
            vertx.runOnContext(started -> new Object() {
                void next() {
                    Post post = requests.get();
                    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI(base.getPath()
                            + post.path()).setIdleTimeout(10_000).putHeader(HttpHeaders.HOST, Bench.HOST)
                            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
                    if (post.authorization() != null) {
                        options.putHeader(HttpHeaders.AUTHORIZATION, post.authorization());
                    }
                    long sent = System.nanoTime();
                    client.request(options)
                            .compose(request -> request.send(Buffer.buffer(post.body())))
                            .compose(response -> response.body()
                                    .map(answer -> classify.apply(response.statusCode(), answer.toString())))
                            .onComplete(answered -> {
                                long now = System.nanoTime();
                                String outcome = answered.failed() ? "io error" : answered.result();
                                outcomes.merge(outcome, 1L, Long::sum);
                                if (count[0] == latencies[0].length) {
                                    latencies[0] = java.util.Arrays.copyOf(latencies[0], count[0] * 2);
                                }
                                latencies[0][count[0]++] = (now - sent) / 1e6;
                                last[0] = Math.max(last[0], now);
                                if (now < end) {
                                    next();
                                } else {
                                    clients.countDown();
                                }
                            });
                }
            }.next());
        }
        try {
            if (!clients.await(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("requests still unanswered a minute after the load phase");
            }
        } finally {
            client.close();
        }
        return new Result(concurrency, (last[0] - start) / 1e9, outcomes, success,
                new Stats(java.util.Arrays.copyOf(latencies[0], count[0])));
    }

    /** What an answer that is not the expected one was: its status and problem code, if it has one. */
    static String failure(int status, String body) {
        int at = body.indexOf("\"code\":\"");
        return "http " + status + (at < 0 ? "" : " " + body.substring(at + 8, body.indexOf('"', at + 8)));
    }

    @Override
    public void close() {
        vertx.close();
    }
}
