package bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a run does and where the stack is, from environment variables (bench/README.md). {@code --quick}
 * shrinks every phase to a few seconds to try the harness itself; its figures mean nothing.
 */
record Settings(Path root, Path runDir, Path resultsDir, String baseUrl, String pgHost, int pgPort, String rabbitHost,
        int rabbitPort, int rabbitManagementPort, Duration warmUp, Duration e2e, Duration hot, Duration pgbench,
        int pgbenchScale, int users, int commands, int commandsWarmUp, int commandAccounts, Duration settleTimeout,
        Duration login, Duration verify, int tracingUsers, int tracingRuns, Duration tracingWarmUp, String tracingSampleRatio, boolean quick) {

    static final int[] E2E_CONCURRENCY = {16, 64};
    static final int HOT_CONCURRENCY = 64;
    /** Logins at once: a few clients, as people log in, not a flood (bcrypt makes each one cost tens of ms). */
    static final int LOGIN_CONCURRENCY = 4;
    /** The tracing phase compares its modes at E2E's lower concurrency (issue 22). */
    static final int TRACING_CONCURRENCY = 16;

    static Settings from(String[] args) {
        boolean quick = java.util.Arrays.asList(args).contains("--quick");
        Path root = Path.of(env("BENCH_ROOT", ".")).toAbsolutePath().normalize();
        return new Settings(root,
                Path.of(env("RUN_DIR", root.resolve(".run").toString())),
                Path.of(env("BENCH_RESULTS", root.resolve("bench/results").toString())),
                env("BENCH_BASE_URL", "http://localhost:8080"),
                env("PGHOST", "127.0.0.1"), Integer.parseInt(env("PGPORT", "5432")),
                env("RABBITMQ_HOST", "127.0.0.1"), Integer.parseInt(env("RABBITMQ_PORT", "5672")),
                Integer.parseInt(env("RABBITMQ_MANAGEMENT_PORT", "15672")),
                seconds("BENCH_WARMUP_SECONDS", quick ? 2 : 300),
                seconds("BENCH_E2E_SECONDS", quick ? 4 : 30),
                seconds("BENCH_HOT_SECONDS", quick ? 3 : 20),
                seconds("BENCH_PGBENCH_SECONDS", quick ? 3 : 15),
                Integer.parseInt(env("BENCH_PGBENCH_SCALE", quick ? "2" : "64")),
                Integer.parseInt(env("BENCH_USERS", quick ? "50" : "1000")),
                Integer.parseInt(env("BENCH_COMMANDS", quick ? "500" : "20000")),
                Integer.parseInt(env("BENCH_COMMANDS_WARMUP", quick ? "100" : "120000")),
                Integer.parseInt(env("BENCH_COMMAND_ACCOUNTS", quick ? "10" : "1000")),
                seconds("BENCH_SETTLE_SECONDS", 60),
                seconds("BENCH_LOGIN_SECONDS", quick ? 2 : 5),
                seconds("BENCH_VERIFY_SECONDS", quick ? 1 : 5),
                Integer.parseInt(env("BENCH_TRACING_USERS", quick ? "50" : "200")),
                Integer.parseInt(env("BENCH_TRACING_RUNS", quick ? "2" : "4")),
                seconds("BENCH_TRACING_WARMUP_SECONDS", quick ? 2 : 120),
                String.valueOf(Double.parseDouble(env("BENCH_TRACING_SAMPLE_RATIO", "1.0"))),
                quick);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static Duration seconds(String name, int fallback) {
        return Duration.ofSeconds(Integer.parseInt(env(name, String.valueOf(fallback))));
    }
}
