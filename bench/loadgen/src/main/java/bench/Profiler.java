package bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What each phase cost and where it waited: CPU per process (each service, NGINX, PostgreSQL per database, RabbitMQ,
 * the load generator, and the rest of this shared machine), commits and statements per database (statements from
 * {@code pg_stat_statements}, where the server loads it: bench/bench.sh asks a local one to), the services' DB pool
 * waits and GC pauses (their Prometheus metrics), log bytes, and — sampled every second — the outbox backlogs (relay
 * lag) and the queue depths.
 */
final class Profiler {

    private static final long CLOCK_TICKS = 100;
    private static final List<String> DATABASES = List.of("users", "billing", "orders", "notifications");

    private final Settings settings;
    private final Stack stack;
    private final Db db;
    private final String virtualHost;
    // HTTP/1.1: the JDK client's h2c upgrade on plain HTTP once hung a phase for minutes, past the request timeout.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();
    /** Processes the bench started besides the stack (a second billing worker, wrk, hey, pgbench), by label. */
    private final Map<String, Long> extraProcesses = new ConcurrentHashMap<>();

    Profiler(Settings settings, Stack stack, Db db, String virtualHost) {
        this.settings = settings;
        this.stack = stack;
        this.db = db;
        this.virtualHost = virtualHost;
    }

    void track(String label, long pid) {
        extraProcesses.put(label, pid);
    }

    void untrack(String label) {
        extraProcesses.remove(label);
    }

    /** Starts measuring a phase; {@link Phase#end()} gives its profile. */
    Phase begin(String name) {
        return new Phase(name);
    }

    final class Phase {
        private final String name;
        private final long startNanos = System.nanoTime();
        private final Snapshot start;
        private final Map<String, Long> maxBacklog = new ConcurrentHashMap<>();
        private final Map<String, Long> maxAgeMs = new ConcurrentHashMap<>();
        private final Map<String, Long> maxDepth = new ConcurrentHashMap<>();
        private final List<Double> loads = new CopyOnWriteArrayList<>();
        private final Thread sampler;
        private volatile boolean running = true;

        private Phase(String name) {
            this.name = name;
            this.start = snapshot();
            this.sampler = new Thread(this::sample, "sampler-" + name);
            sampler.setDaemon(true);
            sampler.start();
        }

        private void sample() {
            Map<String, Connection> connections = new HashMap<>();
            try {
                for (String database : DATABASES) {
                    connections.put(database, db.connect(database));
                }
                while (running) {
                    loads.add(Proc.loadAverage());
                    for (Map.Entry<String, Connection> entry : connections.entrySet()) {
                        try (ResultSet rs = entry.getValue().createStatement().executeQuery(
                                "SELECT count(*), coalesce(extract(epoch FROM now() - min(\"timestamp\")) * 1000, 0)"
                                        + " FROM outbox_event")) {
                            rs.next();
                            maxBacklog.merge(entry.getKey(), rs.getLong(1), Math::max);
                            maxAgeMs.merge(entry.getKey(), rs.getLong(2), Math::max);
                        } catch (SQLException noOutbox) {
                            // notification-service publishes nothing: no outbox table there
                        }
                    }
                    queueDepths().forEach((queue, depth) -> maxDepth.merge(queue, depth, Math::max));
                    Thread.sleep(1000);
                }
            } catch (SQLException | InterruptedException e) {
                // the phase's profile goes without the samples
            } finally {
                connections.values().forEach(c -> {
                    try {
                        c.close();
                    } catch (SQLException ignored) {
                        // closing a read-only look
                    }
                });
            }
        }

        ObjectNode end() throws InterruptedException {
            running = false;
            sampler.join(5000);
            Snapshot finish = snapshot();
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            ObjectNode profile = Json.object().put("phase", name).put("seconds", Json.round(seconds, 1));
            ObjectNode load = profile.putObject("loadAverage1m");
            load.put("start", start.load).put("end", finish.load)
                    .put("max", loads.stream().mapToDouble(Double::doubleValue).max().orElse(finish.load));
            long busy = finish.machineBusy - start.machineBusy;
            long total = finish.machineTotal - start.machineTotal;
            profile.put("machineBusyPercent", total == 0 ? 0 : Json.round(100.0 * busy / total, 1));
            ObjectNode cpu = profile.putObject("cpuPercentOfOneCore");
            long attributed = 0;
            Map<String, Long> byCpu = new TreeMap<>();
            for (Map.Entry<String, Long> entry : finish.cpuTicks.entrySet()) {
                long ticks = entry.getValue() - start.cpuTicks.getOrDefault(entry.getKey(), 0L);
                if (ticks > 0) {
                    byCpu.put(entry.getKey(), ticks);
                    attributed += ticks;
                }
            }
            byCpu.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> cpu.put(e.getKey(), Json.round(100.0 * e.getValue() / CLOCK_TICKS / seconds, 1)));
            // /proc/stat counts in the same ticks, for both cores together
            cpu.put("rest of the machine (other work)",
                    Json.round(Math.max(0, 100.0 * (busy - attributed) / CLOCK_TICKS / seconds), 1));
            ObjectNode commits = profile.putObject("dbCommits");
            finish.commits.forEach((database, n) -> commits.put(database, n - start.commits.getOrDefault(database, 0L)));
            if (!finish.statements.isEmpty()) {
                ObjectNode statements = profile.putObject("dbStatements");
                finish.statements.forEach((database, n) -> statements.put(database,
                        n - start.statements.getOrDefault(database, 0L)));
            }
            ObjectNode services = profile.putObject("services");
            for (Stack.Service service : Stack.SERVICES) {
                Map<String, Double> a = start.metrics.getOrDefault(service.name(), Map.of());
                Map<String, Double> b = finish.metrics.getOrDefault(service.name(), Map.of());
                double waits = delta(a, b, "sql_pool_queue_delay_seconds_count");
                double waited = delta(a, b, "sql_pool_queue_delay_seconds_sum");
                ObjectNode s = services.putObject(service.name());
                s.put("dbPoolAcquisitions", (long) waits)
                        .put("dbPoolWaitAvgMs", waits == 0 ? 0 : Json.round(1000 * waited / waits, 2))
                        .put("dbPoolWaitMaxMs", Json.round(1000 * b.getOrDefault("sql_pool_queue_delay_seconds_max", 0.0), 1))
                        .put("dbPoolQueuedAtEnd", b.getOrDefault("sql_pool_queue_size", 0.0).longValue())
                        .put("gcPauses", (long) delta(a, b, "jvm_gc_pause_seconds_count"))
                        .put("gcPauseMs", Json.round(1000 * delta(a, b, "jvm_gc_pause_seconds_sum"), 1))
                        .put("logBytes", finish.logBytes.getOrDefault(service.name(), 0L)
                                - start.logBytes.getOrDefault(service.name(), 0L));
            }
            ObjectNode outbox = profile.putObject("outbox");
            maxBacklog.forEach((database, n) -> outbox.putObject(database).put("maxBacklog", n)
                    .put("oldestMaxMs", maxAgeMs.getOrDefault(database, 0L)));
            ObjectNode queues = profile.putObject("queueMaxDepth");
            new TreeMap<>(maxDepth).forEach(queues::put);
            return profile;
        }
    }

    /**
     * What one operation of a profiled phase cost: each process's CPU in ms, and each service database's commits and
     * statements (where counted), per operation answered.
     */
    static ObjectNode perOperation(JsonNode profile, long operations) {
        ObjectNode cost = Json.object();
        ObjectNode cpu = cost.putObject("cpuMs");
        ObjectNode commits = cost.putObject("dbCommits");
        ObjectNode statements = cost.putObject("dbStatements");
        if (operations > 0) {
            profile.path("cpuPercentOfOneCore").fieldNames().forEachRemaining(process -> cpu.put(process,
                    Json.round(1000 * cpuSeconds(profile, process) / operations, 2)));
            profile.path("dbCommits").properties().forEach(e -> commits.put(e.getKey(),
                    Json.round(e.getValue().asDouble() / operations, 2)));
            profile.path("dbStatements").properties().forEach(e -> statements.put(e.getKey(),
                    Json.round(e.getValue().asDouble() / operations, 2)));
        }
        return cost;
    }

    /** CPU seconds a process used in a profiled phase (its % of one core times the phase's seconds). */
    static double cpuSeconds(JsonNode profile, String process) {
        return profile.path("cpuPercentOfOneCore").path(process).asDouble() / 100
                * profile.path("seconds").asDouble();
    }

    private static double delta(Map<String, Double> a, Map<String, Double> b, String metric) {
        return b.getOrDefault(metric, 0.0) - a.getOrDefault(metric, 0.0);
    }

    private record Snapshot(Map<String, Long> cpuTicks, long machineBusy, long machineTotal, double load,
            Map<String, Long> commits, Map<String, Long> statements, Map<String, Map<String, Double>> metrics,
            Map<String, Long> logBytes) {
    }

    private Snapshot snapshot() {
        Map<String, Long> ticks = processTicks();
        long[] machine = Proc.machineTicks();
        Map<String, Long> commits = new HashMap<>();
        try (Connection c = db.connect("postgres"); ResultSet rs = c.createStatement().executeQuery(
                "SELECT datname, xact_commit FROM pg_stat_database WHERE datname IS NOT NULL")) {
            while (rs.next()) {
                if (DATABASES.contains(rs.getString(1))) {
                    commits.put(rs.getString(1), rs.getLong(2));
                }
            }
        } catch (SQLException e) {
            // without commit counts
        }
        Map<String, Long> statements = statements();
        Map<String, Map<String, Double>> metrics = new HashMap<>();
        Map<String, Long> logs = new HashMap<>();
        for (Stack.Service service : Stack.SERVICES) {
            metrics.put(service.name(), prometheus(service.managementPort()));
            try {
                logs.put(service.name(), Files.size(stack.log(service)));
            } catch (IOException e) {
                logs.put(service.name(), 0L);
            }
        }
        return new Snapshot(ticks, machine[0], machine[1], Proc.loadAverage(), commits, statements, metrics, logs);
    }

    /**
     * Statements run so far per service database by the services (the bench's own connections, as the superuser,
     * left out); BEGIN and COMMIT count too (pg_stat_statements.track_utility, on by default). Empty where
     * pg_stat_statements is not loaded.
     */
    private Map<String, Long> statements() {
        Map<String, Long> statements = new HashMap<>();
        try (Connection c = db.connect("postgres"); ResultSet rs = c.createStatement().executeQuery("""
                SELECT d.datname, sum(s.calls)::bigint FROM pg_stat_statements s
                JOIN pg_database d ON d.oid = s.dbid
                WHERE s.userid <> (SELECT oid FROM pg_roles WHERE rolname = current_user)
                GROUP BY d.datname""")) {
            while (rs.next()) {
                if (DATABASES.contains(rs.getString(1))) {
                    statements.put(rs.getString(1), rs.getLong(2));
                }
            }
        } catch (SQLException notLoaded) {
            // without statement counts
        }
        return statements;
    }

    /** Sums of the metrics this profile reads, over their label sets. */
    private Map<String, Double> prometheus(int managementPort) {
        Map<String, Double> sums = new HashMap<>();
        try {
            String body = http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                    + "/q/metrics")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString())
                    .get(6, TimeUnit.SECONDS).body();
            for (String line : body.split("\n")) {
                if (line.startsWith("sql_pool_") || line.startsWith("jvm_gc_pause_seconds")) {
                    // series{labels} value [# {exemplar labels} value timestamp]
                    String sample = line.split(" # ", 2)[0];
                    int brace = sample.indexOf('{');
                    int space = sample.lastIndexOf(' ');
                    String metric = sample.substring(0, brace > 0 ? brace : space);
                    double value = Double.parseDouble(sample.substring(space + 1));
                    if (!Double.isNaN(value)) {
                        sums.merge(metric, value, metric.endsWith("_max") ? Math::max : Double::sum);
                    }
                }
            }
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // a service that does not answer gives no metrics
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return sums;
    }

    /** CPU ticks so far per label: a process the bench knows by pid, or one it recognises by its command line. */
    private Map<String, Long> processTicks() {
        Map<Long, String> labels = new HashMap<>();
        for (Stack.Service service : Stack.SERVICES) {
            try {
                labels.put(stack.pid(service), service.name());
            } catch (IllegalStateException notRunning) {
                // left out
            }
        }
        extraProcesses.forEach((label, pid) -> labels.put(pid, label));
        labels.put(ProcessHandle.current().pid(), "bench driver (JVM)");
        return Proc.ticks(labels, stack.nginxPid().orElse(-1), DATABASES);
    }

    /** Messages (ready + unacked) per queue of the stack's virtual host, from the management API. */
    Map<String, Long> queueDepths() {
        Map<String, Long> depths = new HashMap<>();
        try {
            String auth = Base64.getEncoder().encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://"
                            + settings.rabbitHost() + ":" + settings.rabbitManagementPort() + "/api/queues/"
                            + URLEncoder.encode(virtualHost, StandardCharsets.UTF_8)
                            + "?columns=name,messages"))
                    .header("Authorization", "Basic " + auth).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                for (JsonNode queue : Json.read(response.body())) {
                    if (!queue.path("name").asText().startsWith("amq.gen")) {
                        depths.put(queue.path("name").asText(), queue.path("messages").asLong());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // without queue depths
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return depths;
    }
}
