package bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The database's own limit in the same run, the yardstick of the targets: pgbench on a scratch database (created and
 * dropped here) with its default TPC-B-like script and with a single-hot-row conditional update, at the concurrencies
 * of the load phases. TPC-B runs again after the E2E phases ({@link #again}), and the E2E targets compare with the
 * mean of both runs ({@link #tpcbTps}): this shared machine's speed drifts by more than the targets' margins within
 * minutes, and a yardstick taken on one side of the phases only would carry that drift into the ratio.
 */
final class PgBench {

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");
    private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");
    /** The hot row: a withdrawal that only succeeds while the balance covers it, as billing's account update. */
    private static final String HOT_ROW_SCRIPT = """
            \\set amount random(1, 100)
            UPDATE hot_account SET balance = balance - :amount WHERE id = 1 AND balance >= :amount;
            """;

    private final Settings settings;
    private final Db db;
    private final Profiler profiler;
    private final Path out;
    private final String database = "bench_pgbench_" + ProcessHandle.current().pid();

    PgBench(Settings settings, Db db, Profiler profiler, Path out) {
        this.settings = settings;
        this.db = db;
        this.profiler = profiler;
        this.out = out;
    }

    ObjectNode run() throws Exception {
        ObjectNode result = Json.object().put("scale", settings.pgbenchScale())
                .put("seconds", settings.pgbench().toSeconds()).put("protocol", "simple (pgbench default)");
        result.put("binary", binary());
        onScratchDatabase(result, "", () -> {
            try (Connection c = db.connect(database)) {
                c.createStatement().execute("CREATE TABLE hot_account (id int PRIMARY KEY, balance bigint NOT NULL"
                        + " CHECK (balance >= 0))");
                c.createStatement().execute("INSERT INTO hot_account VALUES (1, 9000000000000000)");
            }
            Path script = out.resolve("pgbench-hot-row.sql");
            Files.writeString(script, HOT_ROW_SCRIPT);
            result.set("tpcb", tpcb(""));
            ObjectNode hot = result.putObject("hotRow");
            hot.set(String.valueOf(Settings.HOT_CONCURRENCY), measure("hot-row-c" + Settings.HOT_CONCURRENCY,
                    Settings.HOT_CONCURRENCY, List.of("-f", script.toString())));
        });
        return result;
    }

    /** TPC-B again, on a new scratch database, at the concurrencies of the E2E phases (run after them). */
    ObjectNode again() throws Exception {
        ObjectNode result = Json.object();
        onScratchDatabase(result, "-again", () -> result.set("tpcb", tpcb("-again")));
        return result;
    }

    /**
     * The TPC-B tps the E2E phase at {@code clients} is compared with: the mean of the run before the E2E phases and
     * the one after them ({@code tpcbAfterE2e}), or the one before alone where the run after is missing, failed or ran
     * with fewer clients (after the load the services' pools hold more of the server's connections).
     */
    static double tpcbTps(JsonNode pgbench, String clients) {
        double before = pgbench.path("tpcb").path(clients).path("tps").asDouble();
        JsonNode after = pgbench.path("tpcbAfterE2e").path("tpcb").path(clients);
        return comparable(after) ? (before + after.path("tps").asDouble()) / 2 : before;
    }

    /** Which runs {@link #tpcbTps} took: " (mean of 1976.0 before and 2050.3 after the E2E phases)", or why not. */
    static String tpcbSource(JsonNode pgbench, String clients) {
        JsonNode again = pgbench.path("tpcbAfterE2e");
        JsonNode after = again.path("tpcb").path(clients);
        if (comparable(after)) {
            return String.format(" (mean of %.1f before and %.1f after the E2E phases)",
                    pgbench.path("tpcb").path(clients).path("tps").asDouble(), after.path("tps").asDouble());
        }
        if (again.has("error")) {
            return " (the run before the E2E phases; the one after them failed)";
        }
        return after.has("note") ? " (the run before the E2E phases; the one after them had " + after.path("clients")
                .asInt() + " clients)" : "";
    }

    private static boolean comparable(JsonNode run) {
        return run.path("tps").asDouble() > 0 && !run.has("note");
    }

    private ObjectNode tpcb(String suffix) throws Exception {
        ObjectNode tpcb = Json.object();
        for (int clients : Settings.E2E_CONCURRENCY) {
            tpcb.set(String.valueOf(clients), measure("tpcb-c" + clients + suffix, clients, List.of()));
        }
        return tpcb;
    }

    private interface Work {
        void run() throws Exception;
    }

    /**
     * Creates the scratch database, initialises pgbench's tables in it, does the work, and drops it. The
     * initialisation writes about 1 GB at scale 64: a checkpoint after it starts every measurement at the same point
     * (else one that the initialisation's WAL set off runs during some measurements and not others), and one after
     * the drop keeps those writes out of the next phase.
     */
    private void onScratchDatabase(ObjectNode result, String suffix, Work work) throws Exception {
        try (Connection admin = db.connect("postgres")) {
            admin.createStatement().execute("DROP DATABASE IF EXISTS " + database);
            admin.createStatement().execute("CREATE DATABASE " + database);
        }
        try {
            long start = System.nanoTime();
            exec(List.of(binary(), "-i", "-I", "dtGvp", "-q", "-s", String.valueOf(settings.pgbenchScale())),
                    "pgbench-init" + suffix + ".txt");
            result.put("initSeconds", Json.round((System.nanoTime() - start) / 1e9, 1));
            try (Connection admin = db.connect("postgres")) {
                admin.createStatement().execute("CHECKPOINT");
            }
            work.run();
        } finally {
            try (Connection admin = db.connect("postgres")) {
                admin.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                admin.createStatement().execute("CHECKPOINT");
            }
        }
    }

    private ObjectNode measure(String name, int clients, List<String> script) throws Exception {
        String output = null;
        int usable = clients;
        Profiler.Phase phase = null;
        // Other engineers' tests come and go on the same server: a run that found no free connection slot is retried.
        for (int attempt = 1; output == null; attempt++) {
            usable = awaitConnections(clients);
            List<String> command = new ArrayList<>(List.of(binary(), "-n", "-c", String.valueOf(usable), "-j", "2",
                    "-T", String.valueOf(settings.pgbench().toSeconds())));
            command.addAll(script);
            phase = profiler.begin("pgbench " + name);
            try {
                output = exec(command, "pgbench-" + name + ".txt");
            } catch (IllegalStateException e) {
                if (!e.getMessage().contains("too many clients") || attempt == 5) {
                    throw e;
                }
                phase.end();
                System.out.printf("  pgbench %s: no free connection slot for %d clients, trying again%n", name, usable);
                Thread.sleep(3000);
            }
        }
        ObjectNode result = Json.object().put("clients", usable)
                .put("tps", Json.round(number(TPS, output), 1))
                .put("latencyAvgMs", Json.round(number(LATENCY, output), 2))
                .put("failed", (long) number(FAILED, output));
        if (usable < clients) {
            result.put("note", "only " + usable + " connection slots were free on the shared server");
        }
        result.set("profile", phase.end());
        System.out.printf("  pgbench %-12s %8.1f tps (clients %d)%n", name, result.get("tps").asDouble(), usable);
        return result;
    }

    /**
     * Other work shares max_connections; waits a while for room (with a margin for the connections others open
     * meanwhile), then runs with what is free.
     */
    private int awaitConnections(int wanted) throws SQLException, InterruptedException {
        int free = 0;
        for (int attempt = 0; attempt < 30; attempt++) {
            try (Connection c = db.connect("postgres")) {
                free = (int) Db.scalar(c, "SELECT current_setting('max_connections')::int - count(*) - 10"
                        + " FROM pg_stat_activity");
            }
            if (free >= wanted) {
                return wanted;
            }
            Thread.sleep(1000);
        }
        return Math.max(1, free);
    }

    private String exec(List<String> args, String logName) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(args);
        command.addAll(List.of("-h", settings.pgHost(), "-p", String.valueOf(settings.pgPort()), "-U",
                System.getenv().getOrDefault("PGUSER", "postgres"), database));
        Path log = out.resolve(logName);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        profiler.track("load generator (pgbench)", process.pid());
        try {
            int exit = process.waitFor();
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (exit != 0) {
                throw new IllegalStateException("pgbench failed (" + exit + "): " + Json.abbreviate(output));
            }
            return output;
        } finally {
            profiler.untrack("load generator (pgbench)");
        }
    }

    private static double number(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
    }

    /** The server packages' pgbench (the newest PostgreSQL installed), else the one on the PATH. */
    private static String binary() throws IOException {
        Path lib = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> versions = Files.list(lib)) {
                return versions.map(v -> v.resolve("bin/pgbench")).filter(Files::isExecutable)
                        .max(Comparator.comparing(p -> Integer.parseInt(p.getParent().getParent().getFileName()
                                .toString().replaceAll("\\D", "0"))))
                        .map(Path::toString).orElse("pgbench");
            }
        }
        return "pgbench";
    }
}
