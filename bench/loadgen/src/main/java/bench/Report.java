package bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** results.json as the Markdown summary that `make bench` prints and bench/README.md quotes. */
final class Report {

    private Report() {
    }

    static String markdown(JsonNode r) {
        StringBuilder md = new StringBuilder();
        JsonNode run = r.path("run");
        md.append("## Benchmark ").append(run.path("id").asText()).append(" (commit ")
                .append(run.path("commit").asText()).append(run.path("quick").asBoolean() ? ", QUICK: not a result" : "")
                .append(")\n\n");
        md.append(String.format("%d cores shared with everything else on the machine; load average (1 min) %.2f at the"
                        + " start, %.2f at the end; %s s in all. Services: `%s`.%n%n",
                run.path("cores").asInt(), run.path("loadAverage1mAtStart").asDouble(),
                run.path("loadAverage1mAtEnd").asDouble(), run.path("seconds").asText(),
                run.path("serviceCommandLine").asText()));

        for (JsonNode foreign : run.path("foreignInstancesOnTheDatabases")) {
            md.append("**Warning**: another service instance used the stack's databases during the run (").append(
                    foreign.asText()).append("); its outbox relay takes this stack's events, so the figures and"
                    + " checks of this run are not trustworthy.\n\n");
        }
        md.append("| target | measured | met |\n| --- | --- | --- |\n");
        for (JsonNode t : r.path("targets")) {
            md.append("| ").append(t.path("target").asText()).append(" | ").append(t.path("measured").asText())
                    .append(" | ").append(t.path("met").asBoolean() ? "yes" : "**no**").append(" |\n");
        }

        JsonNode pg = r.path("pgbench");
        if (r.has("e2e")) {
            md.append("\n**E2E orders** (POST /orders through the ingress, ").append(r.path("e2e").path("users").asText())
                    .append(" users, each order with its user's access token, closed loop, after a warm-up)\n\n")
                    .append("| concurrency | orders/s | p50 ms | p90 ms | p99 ms | errors | ÷ pgbench TPC-B (mean before/after) | event lag p50 / p99 ms |\n")
                    .append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
            r.path("e2e").path("phases").fields().forEachRemaining(e -> {
                JsonNode p = e.getValue();
                JsonNode lag = r.path("e2e").path("checks").path("eventLag").path(e.getKey());
                md.append(String.format("| %s | %.1f | %.1f | %.1f | %.1f | %d | %.2f | %s / %s |%n", e.getKey(),
                        p.path("ordersPerSec").asDouble(), p.path("p50Ms").asDouble(), p.path("p90Ms").asDouble(),
                        p.path("p99Ms").asDouble(), p.path("errors").asLong(),
                        p.path("ordersPerSec").asDouble() / PgBench.tpcbTps(pg, e.getKey()),
                        lag.path("p50Ms").asText(), lag.path("p99Ms").asText()));
            });
            JsonNode checks = r.path("e2e").path("checks");
            md.append(String.format("%nChecks: %d orders, %d still PENDING; debited %s = paid %s (minor units): %s; "
                            + "letters missing %d, wrong/duplicate %d; drained in %.1f s after the load.%n",
                    checks.path("orders").asLong(), checks.path("ordersPending").asLong(),
                    checks.path("debitedMinorUnits").asText(), checks.path("paidMinorUnits").asText(),
                    checks.path("debitsEqualPaidOrders").asBoolean() ? "equal" : "**NOT equal**",
                    checks.path("lettersMissing").asLong(), checks.path("lettersWrongOrDuplicate").asLong(),
                    checks.path("drainSeconds").asDouble()));
            OrderCost.table(md, r.path("e2e").path("phases"));
        }

        authentication(md, r.path("auth"));

        if (r.has("hotAccount")) {
            JsonNode hot = r.path("hotAccount");
            md.append(String.format("%n**Hot account** (withdrawals of 0.01 on one account through the ingress, c%d): %.1f/s, p50 %s ms,"
                            + " p99 %s ms, %d errors, debit %s = %s × 0.01: %s.%n",
                    hot.path("concurrency").asInt(), hot.path("opsPerSec").asDouble(), hot.path("p50Ms").asText(),
                    hot.path("p99Ms").asText(), hot.path("errors").asLong(), hot.path("debitedMinorUnits").asText(),
                    hot.path("withdrawals").asText(), hot.path("exact").asBoolean() ? "exact" : "**NOT exact**"));
        }

        if (r.has("commands")) {
            md.append("\n**Billing commands** (deposit/withdraw/transfer mix on `billing.commands`, from the first publish"
                            + " to the last result on `billing.results`)\n\n")
                    .append("| worker processes | commands | seconds | commands/s | publishing took s | results | applied |"
                            + " applied/s (journal) | exact |\n")
                    .append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
            r.path("commands").fields().forEachRemaining(e -> {
                JsonNode c = e.getValue();
                if (c.isObject()) {
                    md.append(String.format("| %s | %d | %.2f | %.1f | %.2f | %d | %d | %.1f | %s |%n", e.getKey(),
                            c.path("commands").asLong(), c.path("seconds").asDouble(), c.path("commandsPerSec").asDouble(),
                            c.path("publishSeconds").asDouble(), c.path("results").asLong(), c.path("applied").asLong(),
                            c.path("appliedPerSec").asDouble(), c.path("exact").asBoolean() ? "yes" : "**no**"));
                }
            });
        }

        if (r.has("pgbench")) {
            md.append(String.format("%n**Baseline** (pgbench, scale %d, %s s per run, on a scratch database)%n%n",
                    pg.path("scale").asInt(), pg.path("seconds").asText()))
                    .append("| script | clients | tps | latency avg ms |\n| --- | --- | --- | --- |\n");
            pg.path("tpcb").fields().forEachRemaining(e -> md.append(pgRow("TPC-B (default)", e.getValue())));
            pg.path("tpcbAfterE2e").path("tpcb").fields().forEachRemaining(e -> md.append(
                    pgRow("TPC-B (default), again after the E2E phases", e.getValue())));
            pg.path("hotRow").fields().forEachRemaining(e -> md.append(pgRow("single hot row, conditional UPDATE",
                    e.getValue())));
        }

        if (r.has("services")) {
            md.append("\n**Services** (ready = from starting the JVM to the first 200 of /q/health/ready; copies started"
                            + " alone after the load, the median of their starts)\n\n")
                    .append("| service | ready ms | starts ms | Quarkus \"started in\" s | RSS after load MB |\n"
                            + "| --- | --- | --- | --- | --- |\n");
            r.path("services").fields().forEachRemaining(e -> md.append(String.format("| %s | %d | %s | %.3f | %d |%n",
                    e.getKey(), e.getValue().path("readyMs").asLong(), e.getValue().path("readyMsRuns").toString(),
                    e.getValue().path("quarkusStartedInSeconds").asDouble(), e.getValue().path("rssMbAfterLoad").asLong())));
        }
        tracing(md, r.path("tracing"));
        if (r.has("reconciliation")) {
            md.append(String.format("%nbilling reconciliation after the run: %s.%n",
                    r.path("reconciliation").path("consistent").asBoolean() ? "consistent" : "**NOT consistent**"));
        }

        profile(md, r);
        return md.toString();
    }

    /** Issue 18: what a login and a token cost; which figures are measured and which derived. */
    private static void authentication(StringBuilder md, JsonNode auth) {
        if (!auth.has("login")) {
            return;
        }
        JsonNode login = auth.path("login");
        JsonNode verification = auth.path("tokenVerification");
        JsonNode derived = auth.path("derivedFromE2e");
        md.append(String.format("%n**Authentication**%n%n- Login (measured; POST /users/login through the ingress, c%d,"
                        + " %s s, %d users registered for it): %.1f logins/s, p50 %s ms, p99 %s ms, %d errors;"
                        + " user-service CPU %s ms per login (bcrypt check, throttle, signing).%n",
                login.path("concurrency").asInt(), login.path("seconds").asText(), login.path("users").asInt(),
                login.path("loginsPerSec").asDouble(), login.path("p50Ms").asText(), login.path("p99Ms").asText(),
                login.path("errors").asLong(), login.path("userServiceCpuMsPerLogin").asText()));
        md.append(String.format("- Verifying a token (measured; %s, in a JVM started as `%s`): %s µs CPU each"
                        + " (%s µs on its thread, %s µs wall, %d verifications in %s s); a tampered token refused:"
                        + " %s. Not included: Quarkus's HTTP authentication around the parser.%n",
                verification.path("verifier").asText(), verification.path("jvm").asText(),
                verification.path("cpuMicrosPerVerification").asText(),
                verification.path("threadCpuMicrosPerVerification").asText(),
                verification.path("wallMicrosPerVerification").asText(), verification.path("verifications").asLong(),
                verification.path("seconds").asText(), verification.path("tamperedTokenRefused").asText()));
        md.append("- Derived (no run without tokens: the services have no such mode): ")
                .append(derived.path("method").asText())
                .append(derived.has("note") ? " — " + derived.path("note").asText() : "").append('\n');
        derived.path("phases").properties().forEach(e -> {
            JsonNode p = e.getValue();
            md.append(p.has("tokenVerificationShareOfOrderServiceCpu")
                    ? String.format("  - E2E c%s: order-service %.0f µs CPU per order, verification %.1f %% of it: %.1f"
                                    + " orders/s with tokens, so at most %s without%n", e.getKey(),
                            p.path("orderServiceCpuMicrosPerOrder").asDouble(),
                            100 * p.path("tokenVerificationShareOfOrderServiceCpu").asDouble(),
                            p.path("ordersPerSecWithTokens").asDouble(),
                            p.path("ordersPerSecWithoutTokensAtMost").asText("?"))
                    : String.format("  - E2E c%s: %s%n", e.getKey(), p.path("note").asText()));
        });
    }

    /** Issue 22: each run of each mode, their means and ratio, and where the CPU per order went in each mode. */
    private static void tracing(StringBuilder md, JsonNode t) {
        if (!t.has("runs")) {
            return;
        }
        md.append(String.format("%n**Tracing** (E2E at c%d, %d users; restarted before each run: on = spans exported"
                        + " over OTLP/HTTP to a sink in the driver, a share %s of the traces recorded, off ="
                        + " OpenTelemetry SDK disabled)%n%n",
                t.path("concurrency").asInt(), t.path("users").asInt(), t.path("sampleRatio").asText("1.0")))
                .append("| run | orders/s | p50 ms | p99 ms | errors | OTLP requests / bytes | event lag p50 / p99 ms |"
                        + " other work on the machine, % of one core |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        // Other work (not the stack's, not the driver's) takes CPU from one mode's runs and not the other's: the one
        // figure that tells a drift of this shared machine from a cost of tracing.
        t.path("runs").forEach(run -> {
            JsonNode lag = t.path("checks").path("eventLag").path(run.path("run").asText());
            md.append(String.format("| %s | %.1f | %.1f | %.1f | %d | %d / %d | %s / %s | %s |%n",
                    run.path("run").asText(), run.path("ordersPerSec").asDouble(), run.path("p50Ms").asDouble(),
                    run.path("p99Ms").asDouble(), run.path("errors").asLong(), run.path("otlpRequests").asLong(),
                    run.path("otlpBytes").asLong(), lag.path("p50Ms").asText(), lag.path("p99Ms").asText(),
                    run.path("profile").path("cpuPercentOfOneCore").path("rest of the machine (other work)").asText()));
        });
        JsonNode checks = t.path("checks");
        md.append(String.format("%nMeans: on %.1f orders/s, off %.1f orders/s: on/off = %.3f. Checks: %d orders,"
                        + " debits = paid orders: %s, one letter each: %s.%n%n",
                t.path("modes").path("on").path("ordersPerSec").asDouble(),
                t.path("modes").path("off").path("ordersPerSec").asDouble(), t.path("ratioOnToOff").asDouble(),
                checks.path("orders").asLong(), checks.path("debitsEqualPaidOrders").asBoolean() ? "yes" : "**no**",
                checks.path("everyOrderHasItsLetter").asBoolean() ? "yes" : "**no**"));
        md.append("| CPU ms per order (mean of the runs) | on | off | on − off |\n| --- | --- | --- | --- |\n");
        t.path("cpuMsPerOrder").properties().forEach(e -> md.append(String.format("| %s | %.2f | %.2f | %+.2f |%n",
                e.getKey(), e.getValue().path("on").asDouble(), e.getValue().path("off").asDouble(),
                e.getValue().path("on").asDouble() - e.getValue().path("off").asDouble())));
    }

    private static String pgRow(String script, JsonNode p) {
        return String.format("| %s | %d%s | %.1f | %.2f |%n", script, p.path("clients").asInt(),
                p.has("note") ? " (" + p.path("note").asText() + ")" : "", p.path("tps").asDouble(),
                p.path("latencyAvgMs").asDouble());
    }

    /** The phases side by side: where the CPU went and what waited. */
    private static void profile(StringBuilder md, JsonNode r) {
        Map<String, JsonNode> phases = new LinkedHashMap<>();
        Map<String, Double> operations = new LinkedHashMap<>();
        r.path("pgbench").path("tpcb").fields().forEachRemaining(e -> phases.put("pgbench c" + e.getKey(),
                e.getValue().path("profile")));
        r.path("e2e").path("phases").fields().forEachRemaining(e -> {
            phases.put("e2e c" + e.getKey(), e.getValue().path("profile"));
            operations.put("e2e c" + e.getKey(), e.getValue().path("requests").asDouble());
        });
        if (r.path("auth").has("login")) {
            phases.put("login", r.path("auth").path("login").path("profile"));
            operations.put("login", r.path("auth").path("login").path("requests").asDouble());
        }
        if (r.has("hotAccount")) {
            phases.put("hot account", r.path("hotAccount").path("profile"));
            operations.put("hot account", r.path("hotAccount").path("withdrawals").asDouble());
        }
        r.path("commands").fields().forEachRemaining(e -> {
            if (e.getValue().isObject()) {
                phases.put("commands " + e.getKey() + "w", e.getValue().path("profile"));
                operations.put("commands " + e.getKey() + "w", e.getValue().path("commands").asDouble());
            }
        });
        r.path("tracing").path("runs").forEach(run -> {
            phases.put("tracing " + run.path("run").asText(), run.path("profile"));
            operations.put("tracing " + run.path("run").asText(), run.path("requests").asDouble());
        });
        List<String> names = new ArrayList<>(phases.keySet());
        md.append("\n**Profile** (CPU in % of one core, averaged over each phase; 200 % = both cores)\n\n| |");
        names.forEach(n -> md.append(' ').append(n).append(" |"));
        md.append("\n|").append(" --- |".repeat(names.size() + 1)).append('\n');
        row(md, "machine busy (% of both cores)", names, n -> phases.get(n).path("machineBusyPercent").asText());
        row(md, "load average max", names, n -> phases.get(n).path("loadAverage1m").path("max").asText());
        Set<String> groups = new LinkedHashSet<>();
        phases.values().forEach(p -> p.path("cpuPercentOfOneCore").fieldNames().forEachRemaining(groups::add));
        for (String group : groups) {
            row(md, group, names, n -> phases.get(n).path("cpuPercentOfOneCore").path(group).asText("–"));
        }
        row(md, "DB commits per operation (all service DBs)", names, n -> {
            if (!operations.containsKey(n) || operations.get(n) == 0) {
                return "–";
            }
            double commits = 0;
            for (JsonNode v : phases.get(n).path("dbCommits")) {
                commits += v.asDouble();
            }
            return String.format("%.1f", commits / operations.get(n));
        });
        row(md, "DB statements per operation (all service DBs)", names, n -> {
            double statements = 0;
            for (JsonNode v : phases.get(n).path("dbStatements")) {
                statements += v.asDouble();
            }
            return !operations.containsKey(n) || operations.get(n) == 0 || !phases.get(n).has("dbStatements") ? "–"
                    : String.format("%.1f", statements / operations.get(n));
        });
        for (Stack.Service s : Stack.SERVICES) {
            row(md, s.name() + ": DB pool wait avg / max ms", names, n -> {
                JsonNode p = phases.get(n).path("services").path(s.name());
                return p.path("dbPoolAcquisitions").asLong() == 0 ? "–"
                        : p.path("dbPoolWaitAvgMs").asText() + " / " + p.path("dbPoolWaitMaxMs").asText();
            });
        }
        for (Stack.Service s : Stack.SERVICES) {
            row(md, s.name() + ": GC pauses ms, log bytes", names, n -> {
                JsonNode p = phases.get(n).path("services").path(s.name());
                return p.path("gcPauseMs").asText() + ", " + p.path("logBytes").asText();
            });
        }
        for (String database : List.of("users", "billing", "orders")) {
            row(md, "outbox " + database + ": max backlog / oldest ms", names, n -> {
                JsonNode o = phases.get(n).path("outbox").path(database);
                return o.isMissingNode() ? "–" : o.path("maxBacklog").asText() + " / " + o.path("oldestMaxMs").asText();
            });
        }
        Set<String> queues = new LinkedHashSet<>();
        phases.values().forEach(p -> p.path("queueMaxDepth").fieldNames().forEachRemaining(queues::add));
        for (String queue : queues) {
            row(md, "queue " + queue + ": max depth", names,
                    n -> phases.get(n).path("queueMaxDepth").path(queue).asText("–"));
        }
    }

    private static void row(StringBuilder md, String label, List<String> names,
            java.util.function.Function<String, String> cell) {
        md.append("| ").append(label).append(" |");
        names.forEach(n -> md.append(' ').append(cell.apply(n)).append(" |"));
        md.append('\n');
    }
}
