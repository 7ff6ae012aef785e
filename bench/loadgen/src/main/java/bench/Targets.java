package bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The targets of issue 8, each as measured in this run (throughput as a ratio to pgbench in the same run), issue 18's
 * bound on what tokens cost the E2E throughput, derived from this run's measurements, issue 22's on what tracing
 * costs it, measured both ways in this run, and issue 23's on what an order costs each process at E2E c16.
 */
final class Targets {

    static final double E2E_RATIO = 0.3;
    static final double E2E_P99_MS = 100;
    static final double HOT_RATIO = 0.5;
    static final double COMMANDS_PER_SEC = 3000;
    static final double LAG_P99_MS = 1000;
    static final long READY_MS = 1500;
    static final long RSS_MB = 150;
    static final double TOKEN_SHARE = 0.10;
    static final double TRACING_RATIO = 0.90;
    /** Issue 23, at E2E c16: CPU ms per order of each service on the order's path, and of PostgreSQL. */
    static final int COST_CONCURRENCY = 16;
    static final double ORDER_CPU_MS = 1.0;
    static final double NOTIFICATION_CPU_MS = 0.5;
    static final double BILLING_CPU_MS = 0.7;
    static final double POSTGRES_CPU_MS = 2.5;
    static final double COST_E2E_RATIO = 0.2;
    static final double COST_E2E_P99_MS = 150;

    private Targets() {
    }

    static ArrayNode evaluate(JsonNode r) {
        ArrayNode targets = Json.MAPPER.createArrayNode();
        for (String part : List.of("pgbench", "e2e", "auth", "hotAccount", "commands", "services", "tracing")) {
            if (!r.has(part) || r.path(part).has("error")) {
                add(targets, "every part of the run measured", part + " failed: " + r.path(part).path("error")
                        .asText("not run"), false);
            }
        }
        if (measured(r, "e2e")) {
            String c = String.valueOf(Settings.E2E_CONCURRENCY[Settings.E2E_CONCURRENCY.length - 1]);
            JsonNode e2e = r.path("e2e").path("phases").path(c);
            double tpcb = PgBench.tpcbTps(r.path("pgbench"), c);
            double e2eRatio = e2e.path("ordersPerSec").asDouble() / tpcb;
            String tpcbNote = baselineNote(r.path("pgbench").path("tpcb").path(c));
            if (measured(r, "pgbench")) {
                add(targets, "E2E orders/s at c" + c + " ≥ " + E2E_RATIO + " × pgbench TPC-B tps",
                        String.format("%.1f orders/s = %.2f × %.1f tps%s%s", e2e.path("ordersPerSec").asDouble(),
                                e2eRatio, tpcb, PgBench.tpcbSource(r.path("pgbench"), c), tpcbNote),
                        e2eRatio >= E2E_RATIO && tpcbNote.isEmpty());
            }
            add(targets, "E2E p99 at c" + c + " ≤ " + (int) E2E_P99_MS + " ms, no errors",
                    String.format("p99 %.1f ms, %d errors", e2e.path("p99Ms").asDouble(), e2e.path("errors").asLong()),
                    e2e.has("p99Ms") && e2e.path("p99Ms").asDouble() <= E2E_P99_MS && e2e.path("errors").asLong() == 0);
            JsonNode checks = r.path("e2e").path("checks");
            add(targets, "E2E: debits = paid orders, one letter per order",
                    String.format("%d orders, %d users off, %d letters missing, %d wrong", checks.path("orders").asLong(),
                            checks.path("usersWhoseDebitDiffersFromPaidOrders").asLong(),
                            checks.path("lettersMissing").asLong(), checks.path("lettersWrongOrDuplicate").asLong()),
                    checks.path("debitsEqualPaidOrders").asBoolean() && checks.path("everyOrderHasItsLetter").asBoolean());
            JsonNode lag = checks.path("eventLag").path(c);
            add(targets, "Event lag p99 ≤ " + (int) LAG_P99_MS + " ms under E2E c" + c,
                    String.format("p50 %s ms, p99 %s ms", lag.path("p50Ms").asText(), lag.path("p99Ms").asText()),
                    !lag.path("p99Ms").isNull() && lag.path("p99Ms").asDouble() <= LAG_P99_MS);
        }
        if (measured(r, "e2e")) {
            orderCost(targets, r);
        }
        if (measured(r, "auth")) {
            JsonNode derived = r.path("auth").path("derivedFromE2e");
            JsonNode share = derived.path("tokenVerificationShareOfOrderServiceCpu");
            int percent = (int) (100 * TOKEN_SHARE);
            add(targets, "E2E orders/s with tokens within " + percent + " % of without (derived: verifying a token ≤ "
                            + percent + " % of order-service's CPU per order)",
                    share.isNumber() ? String.format("%.1f µs CPU per verification = %.1f %% of order-service's CPU per"
                                    + " order (worst E2E phase): with ≥ %.3f × without",
                            r.path("auth").path("tokenVerification").path("cpuMicrosPerVerification").asDouble(),
                            100 * share.asDouble(),
                            derived.path("throughputWithTokensAtLeastFractionOfWithout").asDouble())
                            : "not derived: " + derived.path("note").asText("no E2E CPU figure"),
                    derived.path("withinTenPercent").asBoolean(false));
        }
        if (measured(r, "hotAccount") && measured(r, "pgbench")) {
            JsonNode hot = r.path("hotAccount");
            double hotRow = r.path("pgbench").path("hotRow").path(String.valueOf(Settings.HOT_CONCURRENCY))
                    .path("tps").asDouble();
            double hotRatio = hot.path("opsPerSec").asDouble() / hotRow;
            String hotNote = baselineNote(r.path("pgbench").path("hotRow").path(String.valueOf(Settings.HOT_CONCURRENCY)));
            add(targets, "Hot account withdrawals/s at c" + Settings.HOT_CONCURRENCY + " ≥ " + HOT_RATIO
                            + " × pgbench hot-row tps, exact",
                    String.format("%.1f/s = %.2f × %.1f tps%s, exact %s", hot.path("opsPerSec").asDouble(), hotRatio, hotRow,
                            hotNote, hot.path("exact").asBoolean()),
                    hotRatio >= HOT_RATIO && hotNote.isEmpty() && hot.path("exact").asBoolean());
        }
        if (measured(r, "commands")) {
            JsonNode two = r.path("commands").path("2");
            add(targets, "Billing commands ≥ " + (int) COMMANDS_PER_SEC + "/s with 2 workers, exact",
                    String.format("%.1f/s (1 worker: %.1f/s), exact %s", two.path("commandsPerSec").asDouble(),
                            r.path("commands").path("1").path("commandsPerSec").asDouble(),
                            two.path("exact").asBoolean() && r.path("commands").path("1").path("exact").asBoolean()),
                    two.path("commandsPerSec").asDouble() >= COMMANDS_PER_SEC && two.path("exact").asBoolean()
                            && r.path("commands").path("1").path("exact").asBoolean());
        }
        if (measured(r, "services")) {
            List<String> slow = new ArrayList<>();
            List<String> big = new ArrayList<>();
            long worstReady = 0;
            long worstRss = 0;
            for (Stack.Service service : Stack.SERVICES) {
                JsonNode s = r.path("services").path(service.name());
                worstReady = Math.max(worstReady, s.path("readyMs").asLong());
                worstRss = Math.max(worstRss, s.path("rssMbAfterLoad").asLong());
                if (s.path("readyMs").asLong() > READY_MS) {
                    slow.add(service.name());
                }
                if (s.path("rssMbAfterLoad").asLong() > RSS_MB) {
                    big.add(service.name());
                }
            }
            boolean measured = r.path("services").size() == Stack.SERVICES.size();
            add(targets, "Each service ready ≤ " + READY_MS + " ms", "slowest " + worstReady + " ms"
                    + (slow.isEmpty() ? "" : " (over: " + String.join(", ", slow) + ")"), measured && slow.isEmpty());
            add(targets, "Each service ≤ " + RSS_MB + " MB RSS after the load", "largest " + worstRss + " MB"
                    + (big.isEmpty() ? "" : " (over: " + String.join(", ", big) + ")"), measured && big.isEmpty());
        }
        if (measured(r, "tracing")) {
            tracing(targets, r.path("tracing"));
        }
        return targets;
    }

    /** Issue 22: E2E with spans exported at least TRACING_RATIO × E2E with the SDK off, and its orders exact. */
    private static void tracing(ArrayNode targets, JsonNode t) {
        JsonNode on = t.path("modes").path("on");
        JsonNode off = t.path("modes").path("off");
        JsonNode checks = t.path("checks");
        boolean exact = checks.path("debitsEqualPaidOrders").asBoolean() && checks.path("everyOrderHasItsLetter")
                .asBoolean();
        long errors = on.path("errors").asLong() + off.path("errors").asLong();
        double ratio = t.path("ratioOnToOff").asDouble();
        add(targets, "E2E orders/s at c" + t.path("concurrency").asInt() + " with tracing on (spans exported over OTLP)"
                        + " ≥ " + TRACING_RATIO + " × off (SDK disabled), same run",
                String.format("on %.1f %s / off %.1f %s orders/s = %.3f; %d OTLP requests, %d bytes received; %d errors;"
                                + " %d orders %s", on.path("ordersPerSec").asDouble(), perRun(t, "on"),
                        off.path("ordersPerSec").asDouble(), perRun(t, "off"), ratio,
                        t.path("otlpSink").path("requests").asLong(), t.path("otlpSink").path("bytes").asLong(), errors,
                        checks.path("orders").asLong(), exact ? "exact" : "NOT exact"),
                ratio >= TRACING_RATIO && exact && errors == 0 && on.path("runs").asInt() > 0
                        && off.path("runs").asInt() > 0);
    }

    /** Issue 23: the services' and PostgreSQL's CPU per order, and E2E against pgbench, at c16. */
    private static void orderCost(ArrayNode targets, JsonNode r) {
        String c = String.valueOf(COST_CONCURRENCY);
        JsonNode phase = r.path("e2e").path("phases").path(c);
        JsonNode cpu = phase.path("perOrder").path("cpuMs");
        double order = cpu.path("order-service").asDouble();
        double notification = cpu.path("notification-service").asDouble();
        double billing = cpu.path("billing-service").asDouble();
        add(targets, "CPU per order at E2E c" + c + ": order-service ≤ " + ORDER_CPU_MS + " ms, notification-service ≤ "
                        + NOTIFICATION_CPU_MS + " ms, billing-service ≤ " + BILLING_CPU_MS + " ms",
                String.format("order-service %.2f ms, notification-service %.2f ms, billing-service %.2f ms", order,
                        notification, billing),
                cpu.size() > 0 && order <= ORDER_CPU_MS && notification <= NOTIFICATION_CPU_MS
                        && billing <= BILLING_CPU_MS);
        double services = OrderCost.servicesCpuMs(phase.path("perOrder"));
        double postgres = OrderCost.postgresCpuMs(phase.path("perOrder"));
        double statements = OrderCost.statements(phase.path("perOrder"));
        double commits = 0;
        for (JsonNode n : phase.path("perOrder").path("dbCommits")) {
            commits += n.asDouble();
        }
        add(targets, "CPU per order at E2E c" + c + ": the four services together ≤ PostgreSQL",
                String.format("services %.2f ms, PostgreSQL %.2f ms", services, postgres),
                cpu.size() > 0 && services <= postgres);
        add(targets, "PostgreSQL ≤ " + POSTGRES_CPU_MS + " ms CPU per order at E2E c" + c,
                String.format("%.2f ms; %s statements and %.1f commits per order (all service databases)", postgres,
                        Double.isNaN(statements) ? "uncounted (no pg_stat_statements)" : String.format("%.1f",
                                statements), commits),
                cpu.size() > 0 && postgres <= POSTGRES_CPU_MS);
        double tpcb = PgBench.tpcbTps(r.path("pgbench"), c);
        double ratio = tpcb == 0 ? 0 : phase.path("ordersPerSec").asDouble() / tpcb;
        String baselineNote = baselineNote(r.path("pgbench").path("tpcb").path(c));
        String note = PgBench.tpcbSource(r.path("pgbench"), c) + baselineNote;
        add(targets, "E2E orders/s at c" + c + " ≥ " + COST_E2E_RATIO + " × pgbench TPC-B c" + c + ", p99 ≤ "
                        + (int) COST_E2E_P99_MS + " ms",
                String.format("%.1f orders/s = %.2f × %.1f tps%s, p99 %.1f ms, %d errors",
                        phase.path("ordersPerSec").asDouble(), ratio, tpcb, note, phase.path("p99Ms").asDouble(),
                        phase.path("errors").asLong()),
                measured(r, "pgbench") && baselineNote.isEmpty() && ratio >= COST_E2E_RATIO
                        && phase.path("p99Ms").asDouble() <= COST_E2E_P99_MS && phase.path("errors").asLong() == 0);
    }

    /** Each run's orders/s of a mode, "(93.1, 95.0)". */
    private static String perRun(JsonNode tracing, String mode) {
        List<String> figures = new ArrayList<>();
        tracing.path("runs").forEach(run -> {
            if (run.path("mode").asText().equals(mode)) {
                figures.add(String.format("%.1f", run.path("ordersPerSec").asDouble()));
            }
        });
        return "(" + String.join(", ", figures) + ")";
    }

    /** Whether the run measured the part (a run of some parts leaves the others out; the first rows say which). */
    static boolean measured(JsonNode r, String part) {
        return r.has(part) && !r.path(part).has("error");
    }

    /** A baseline that ran with fewer clients than asked (no free connections) is no yardstick. */
    private static String baselineNote(JsonNode run) {
        return run.has("note") ? " (baseline not comparable: " + run.path("note").asText() + ")" : "";
    }

    private static void add(ArrayNode targets, String target, String measured, boolean met) {
        targets.addObject().put("target", target).put("measured", measured).put("met", met);
    }
}
