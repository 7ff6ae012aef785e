package bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * `make bench`: against the running local stack, in this order — the pgbench baseline, E2E orders, the cost of
 * authentication (logins, and verifying a token set against order-service's CPU per order), the hot account, billing
 * commands with one and then two worker processes, RSS after the load, startup times, E2E with tracing on and off —
 * then the targets of issues 8, 18 and 22, throughput as ratios to the baseline. Prints as it goes and writes
 * results.json and results.md into bench/results/&lt;run&gt;/ and bench/results/latest.*.
 */
public final class Bench {

    /** The ingress answers for this host, like the Kubernetes Ingress. */
    static final String HOST = "arch.homework";

    public static void main(String[] args) throws Exception {
        // The JDK's HTTP client sends the Host header of its URL unless this allows another.
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        Settings settings = Settings.from(args);
        parts = java.util.Arrays.stream(args).filter(a -> !a.startsWith("--")).collect(java.util.stream.Collectors.toSet());
        String run = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path out = settings.resultsDir().resolve(run);
        Files.createDirectories(out);
        Stack stack = new Stack(settings);
        for (Stack.Service service : Stack.SERVICES) {
            stack.pid(service);
            if (!Stack.ready(service.managementPort())) {
                throw new IllegalStateException(service.name() + " is not ready; see scripts/stack.sh status");
            }
        }
        String virtualHost = stack.virtualHost();
        Db db = new Db(settings);
        Profiler profiler = new Profiler(settings, stack, db, virtualHost);
        Http http = new Http(settings.baseUrl());
        Users users = new Users(http, run);

        ObjectNode results = Json.object();
        ObjectNode machine = results.putObject("run");
        machine.put("id", run).put("commit", git(settings.root())).put("quick", settings.quick())
                .put("cores", Runtime.getRuntime().availableProcessors())
                .put("loadAverage1mAtStart", Proc.loadAverage())
                .put("rabbitmqVirtualHost", virtualHost)
                .put("serviceCommandLine", stack.commandLine(Stack.service("order-service")));
        System.out.printf("[bench] run %s, load average %.2f, results in %s%n", run, Proc.loadAverage(), out);
        machine.put("vacuumSeconds", vacuum(db));
        java.util.List<String> foreign = stack.foreignInstances(java.util.List.of());
        machine.putPOJO("foreignInstancesOnTheDatabases", foreign);
        foreign.forEach(f -> System.out.println("[bench] WARNING: another instance shares the stack's database: " + f
                + " — its relay publishes this stack's events elsewhere; figures and checks are not trustworthy"));
        long started = System.nanoTime();

        PgBench pgbench = new PgBench(settings, db, profiler, out);
        phase(results, "pgbench", "baseline: pgbench on a scratch database", pgbench::run);
        Orders orders = new Orders(settings, http, users, db, profiler, run);
        phase(results, "e2e", "E2E orders through the ingress", orders::run);
        if (Targets.measured(results, "pgbench") && Targets.measured(results, "e2e")) {
            System.out.println("[bench] baseline again: pgbench TPC-B after the E2E phases");
            ObjectNode again;
            try {
                again = pgbench.again();
            } catch (Exception e) {
                System.out.println("  FAILED: " + e);
                again = Json.object().put("error", e.toString());
            }
            ((ObjectNode) results.get("pgbench")).set("tpcbAfterE2e", again);
        }
        phase(results, "auth", "authentication: logins, and what verifying a token costs",
                () -> new Authentication(settings, users, profiler, stack, out).run(results.path("e2e")));
        phase(results, "hotAccount", "hot account",
                () -> new HotAccount(settings, http, users, orders, profiler).run());
        ObjectNode services = Json.object();
        Stack.Service billing = Stack.service("billing-service");
        phase(results, "commands", "billing commands", () -> {
            Commands commands = new Commands(settings, db, profiler, virtualHost, run);
            commands.createAccounts();
            ObjectNode result = Json.object();
            result.set("1", commands.run("1w", 1));
            try (Stack.Copy second = startCopy(stack, billing, out)) {
                result.put("secondWorkerReadyMs", second.readyMillis);
                profiler.track("billing-service (2nd worker)", second.process.pid());
                result.set("2", commands.run("2w", 2));
                result.put("secondWorkerRssMb", Stack.rssKb(second.process.pid()) / 1024);
                profiler.untrack("billing-service (2nd worker)");
            }
            return result;
        });
        phase(results, "services", "memory after the load, then startup of each service (copies on other"
                + " ports, " + STARTS + " starts each)", () -> {
            for (Stack.Service service : Stack.SERVICES) {
                services.set(service.name(), Json.object()
                        .put("rssMbAfterLoad", Stack.rssKb(stack.pid(service)) / 1024));
            }
            for (Stack.Service service : Stack.SERVICES) {
                ObjectNode s = (ObjectNode) services.get(service.name());
                List<Long> ready = new ArrayList<>();
                List<Double> startedIn = new ArrayList<>();
                for (int start = 1; start <= STARTS; start++) {
                    try (Stack.Copy copy = startCopy(stack, service, out)) {
                        ready.add(copy.readyMillis);
                        startedIn.add(copy.quarkusStartedInSeconds());
                    }
                }
                s.put("readyMs", median(ready)).put("quarkusStartedInSeconds", median(startedIn));
                s.putPOJO("readyMsRuns", ready);
                System.out.printf("  %-22s ready in %5d ms (median of %s), RSS after load %4d MB%n", service.name(),
                        s.get("readyMs").asLong(), ready, s.get("rssMbAfterLoad").asLong());
            }
            return services;
        });
        // Last of the load phases: it restarts every service (twice per mode), which no figure before it may see.
        phase(results, "tracing", "tracing on (spans exported over OTLP) against off, alternately, E2E c"
                + Settings.TRACING_CONCURRENCY, () -> new Tracing(settings, stack, orders, users, out).run());
        phase(results, "reconciliation", "billing reconciliation", () -> reconciliation(billing));
        users.close();
        java.util.Set<String> foreignAtEnd = new java.util.TreeSet<>(foreign);
        foreignAtEnd.addAll(stack.foreignInstances(java.util.List.of()));
        machine.putPOJO("foreignInstancesOnTheDatabases", foreignAtEnd);
        machine.put("loadAverage1mAtEnd", Proc.loadAverage())
                .put("seconds", Json.round((System.nanoTime() - started) / 1e9, 0));

        results.set("targets", Targets.evaluate(results));
        String markdown = Report.markdown(results);
        Files.writeString(out.resolve("results.json"), Json.write(results));
        Files.writeString(out.resolve("results.md"), markdown);
        boolean complete = java.util.stream.StreamSupport.stream(results.spliterator(), false)
                .noneMatch(part -> part.has("error"));
        if (!settings.quick() && parts.isEmpty() && complete) {
            Files.copy(out.resolve("results.json"), settings.resultsDir().resolve("latest.json"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.copy(out.resolve("results.md"), settings.resultsDir().resolve("latest.md"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        System.out.println();
        System.out.println(markdown);
        System.out.println("[bench] written: " + out.resolve("results.md") + " and results.json");
    }

    interface Step {
        JsonNode run() throws Exception;
    }

    /**
     * Starts of each service timed for its figure: the median of several, since one start on this shared machine can
     * be a few hundred milliseconds off either way.
     */
    private static final int STARTS = 3;

    private static <T extends Comparable<T>> T median(List<T> values) {
        List<T> sorted = new ArrayList<>(values);
        java.util.Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** The parts named on the command line (all when none is): for trying one change quickly. */
    private static java.util.Set<String> parts = java.util.Set.of();

    /** One part of the run: a failure is reported and recorded, and the run goes on with the next part. */
    private static void phase(ObjectNode results, String key, String title, Step step) {
        if (!parts.isEmpty() && !parts.contains(key)) {
            return;
        }
        System.out.println("[bench] " + title);
        try {
            results.set(key, step.run());
        } catch (Exception | AssertionError e) {
            System.out.println("  FAILED: " + e);
            results.putObject(key).put("error", e.toString());
        }
    }

    /**
     * A copy of a running service on other ports, ready. Another start is tried when it fails, since a shared
     * PostgreSQL may have had no free connection for its migration check at that moment.
     */
    private static Stack.Copy startCopy(Stack stack, Stack.Service service, Path out) throws Exception {
        for (int attempt = 1; ; attempt++) {
            Stack.Copy copy = stack.startCopy(service, out.resolve(service.name() + "-copy-" + attempt + ".log"));
            try {
                copy.awaitReady(Duration.ofSeconds(90));
                return copy;
            } catch (IllegalStateException e) {
                copy.close();
                if (attempt == 3) {
                    throw e;
                }
                System.out.println("  " + e.getMessage() + "; starting it again");
                Thread.sleep(3000);
            }
        }
    }

    /**
     * Each run starts from the state autovacuum would have kept the services' tables in ({@link
     * Db#vacuumLikeAutovacuum}): without it they keep every dead row the runs before left (outbox rows and
     * idempotency records by the hundred thousand).
     */
    private static double vacuum(Db db) throws java.sql.SQLException {
        double seconds = db.vacuumLikeAutovacuum();
        System.out.printf("[bench] vacuumed and analysed the services' databases in %.1f s%n", seconds);
        return seconds;
    }

    /** billing's own proof that balances equal the journal, after everything the bench did to it. */
    private static JsonNode reconciliation(Stack.Service billing) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + billing.managementPort() + "/q/reconciliation"))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = Json.read(response.body());
        return Json.object().put("status", response.statusCode())
                .put("consistent", body.path("consistent").asBoolean(false));
    }

    private static String git(Path root) {
        try {
            Process process = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").directory(root.toFile())
                    .redirectErrorStream(true).start();
            String commit = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.waitFor() == 0 ? commit : "unknown";
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }
}
