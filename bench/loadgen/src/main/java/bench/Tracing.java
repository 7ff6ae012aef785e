package bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * What tracing costs the E2E throughput (issue 22), both ways in the same run: the four services restarted with spans
 * exported over OTLP/HTTP to the driver's {@link OtlpSink} ("on"), then with the OpenTelemetry SDK disabled ("off"),
 * alternately (on, off, on, off), so that a drift of the shared machine falls on both modes alike; each run the same
 * warm-up and measured load as E2E's. At the end, and after a failure too, the services are started again in the
 * environment they were found in. The orders of all runs go through E2E's money and letter checks.
 */
final class Tracing {

    /** Set for "on": the services' exporter sends to the sink over http/protobuf (infra's default would be grpc). */
    static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
    static final String PROTOCOL = "OTEL_EXPORTER_OTLP_PROTOCOL";
    /** The share of new traces recorded in "on" (the chart's tracing.sampleRatio): BENCH_TRACING_SAMPLE_RATIO. */
    static final String SAMPLE_RATIO = "OTEL_TRACES_SAMPLER_ARG";
    /** Set for "off": no SDK at all, so no spans, no trace ids, no context propagation. */
    static final String SDK_DISABLED = "QUARKUS_OTEL_SDK_DISABLED";
    /** Anything that would make a service export elsewhere, or not trace, is left out of both modes. */
    private static final List<String> MODE_VARIABLES = List.of(ENDPOINT, PROTOCOL, SAMPLE_RATIO, SDK_DISABLED,
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL");

    private final Settings settings;
    private final Stack stack;
    private final Orders orders;
    private final Users users;
    private final Path log;

    Tracing(Settings settings, Stack stack, Orders orders, Users users, Path out) {
        this.settings = settings;
        this.stack = stack;
        this.orders = orders;
        this.users = users;
        this.log = out.resolve("tracing-stack.log");
    }

    ObjectNode run() throws Exception {
        Map<Stack.Service, Map<String, String>> found = new LinkedHashMap<>();
        Stack.SERVICES.forEach(service -> found.put(service, stack.startEnvironment(service)));
        ObjectNode result = Json.object().put("concurrency", Settings.TRACING_CONCURRENCY)
                .put("sampleRatio", Double.parseDouble(settings.tracingSampleRatio()));
        try (OtlpSink sink = new OtlpSink()) {
            List<UUID> ids = orders.createUsers(settings.tracingUsers(), "tracing");
            result.put("users", ids.size());
            Exception failure = null;
            try {
                measure(result, ids, sink, found);
            } catch (Exception e) {
                failure = e;
                throw e;
            } finally {
                users.retire(ids);
                try {
                    System.out.println("  restarting the services as they were found");
                    restartAll(found, Map.of());
                } catch (Exception e) {
                    if (failure == null) {
                        throw e;
                    }
                    failure.addSuppressed(e);
                }
            }
            result.set("otlpSink", sink.toJson());
        }
        return result;
    }

    private void measure(ObjectNode result, List<UUID> ids, OtlpSink sink,
            Map<Stack.Service, Map<String, String>> found) throws Exception {
        ArrayNode runs = result.putArray("runs");
        List<Orders.Window> windows = new ArrayList<>();
        for (int i = 0; i < settings.tracingRuns(); i++) {
            boolean on = i % 2 == 0;
            String mode = on ? "on" : "off";
            String name = mode + " " + (i / 2 + 1);
            Map<String, String> variables = on ? Map.of(ENDPOINT, sink.endpoint(), PROTOCOL, "http/protobuf",
                    SAMPLE_RATIO, settings.tracingSampleRatio()) : Map.of(SDK_DISABLED, "true");
            System.out.println("  tracing " + name + ": restarting the services with " + new java.util.TreeMap<>(variables));
            restartAll(found, variables);
            // Counted from here: during the restarts the services not yet restarted still export the last run's spans.
            OtlpSink.Count before = sink.count();
            orders.warmUp(ids, settings.tracingWarmUp());
            ObjectNode measured = orders.measure("tracing " + name, name, Settings.TRACING_CONCURRENCY, ids, windows);
            // Settled before the next restart, which kills the services: no run leaves work to the next one.
            measured.put("run", name).put("mode", mode).put("settleSeconds", orders.awaitSettled(ids));
            OtlpSink.Count received = sink.count().minus(before);
            measured.put("otlpRequests", received.requests()).put("otlpBytes", received.bytes());
            runs.add(measured);
            System.out.printf("  tracing %s: OTLP export received %d requests, %d bytes%n", name, received.requests(),
                    received.bytes());
            if (on && received.bytes() == 0) {
                throw new IllegalStateException("tracing " + name + ": no span reached the OTLP sink, so \"on\""
                        + " measured no export; see the services' logs");
            }
            if (!on && received.requests() > 0) {
                throw new IllegalStateException("tracing " + name + ": spans reached the OTLP sink with the SDK"
                        + " disabled");
            }
        }
        result.set("checks", orders.check(ids, windows));
        summarise(result, runs);
    }

    /** The mean of each mode's runs, their ratio, and each process's CPU per order in each mode. */
    private static void summarise(ObjectNode result, ArrayNode runs) {
        Map<String, List<JsonNode>> byMode = new TreeMap<>();
        runs.forEach(run -> byMode.computeIfAbsent(run.path("mode").asText(), k -> new ArrayList<>()).add(run));
        ObjectNode modes = result.putObject("modes");
        ObjectNode cpu = result.putObject("cpuMsPerOrder");
        byMode.forEach((mode, list) -> {
            modes.putObject(mode).put("runs", list.size())
                    .put("ordersPerSec", mean(list, r -> r.path("ordersPerSec").asDouble()))
                    .put("p50Ms", mean(list, r -> r.path("p50Ms").asDouble()))
                    .put("p99Ms", mean(list, r -> r.path("p99Ms").asDouble()))
                    .put("errors", list.stream().mapToLong(r -> r.path("errors").asLong()).sum());
            Set<String> processes = new TreeSet<>();
            list.forEach(r -> r.path("perOrder").path("cpuMs").fieldNames().forEachRemaining(processes::add));
            for (String process : processes) {
                ObjectNode perMode = cpu.has(process) ? (ObjectNode) cpu.get(process) : cpu.putObject(process);
                perMode.put(mode, mean(list, r -> r.path("perOrder").path("cpuMs").path(process).asDouble()));
            }
        });
        double on = modes.path("on").path("ordersPerSec").asDouble();
        double off = modes.path("off").path("ordersPerSec").asDouble();
        result.put("ratioOnToOff", off == 0 ? 0 : Json.round(on / off, 3));
        System.out.printf("  tracing: on %.1f orders/s, off %.1f orders/s (means): on/off = %.3f%n", on, off,
                result.path("ratioOnToOff").asDouble());
    }

    private static double mean(List<JsonNode> runs, java.util.function.ToDoubleFunction<JsonNode> figure) {
        return Json.round(runs.stream().mapToDouble(figure).average().orElse(0), 2);
    }

    /**
     * The four services restarted one after another (stack.sh start waits until each is ready) in the environment
     * they were found in, plus {@code mode}'s variables, and without any other tracing variable when a mode is given.
     */
    private void restartAll(Map<Stack.Service, Map<String, String>> found, Map<String, String> mode)
            throws IOException, InterruptedException {
        for (Map.Entry<Stack.Service, Map<String, String>> entry : found.entrySet()) {
            Map<String, String> environment = new LinkedHashMap<>(entry.getValue());
            if (!mode.isEmpty()) {
                MODE_VARIABLES.forEach(environment::remove);
            }
            environment.putAll(mode);
            restart(entry.getKey(), environment);
        }
    }

    /**
     * scripts/stack.sh kill, then start (which waits until the service is ready), in {@code environment}; then checks
     * that the new process runs with exactly the tracing variables given, which stack.sh is to pass on.
     */
    private void restart(Stack.Service service, Map<String, String> environment)
            throws IOException, InterruptedException {
        if (Stack.pidFile(settings.runDir().resolve(service.name() + ".pid")).isPresent()) {
            stackSh(environment, "kill", service.name());
        }
        stackSh(environment, "start", service.name());
        Map<String, String> got = Stack.environment(stack.pid(service));
        for (String variable : MODE_VARIABLES) {
            if (!Objects.equals(environment.get(variable), got.get(variable))) {
                throw new IllegalStateException(service.name() + " restarted with " + variable + "="
                        + got.get(variable) + ", not " + environment.get(variable) + ": scripts/stack.sh did not pass"
                        + " its environment on");
            }
        }
    }

    private void stackSh(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(settings.root().resolve("scripts/stack.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(settings.root().toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        String what = "scripts/stack.sh " + String.join(" ", args);
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new IllegalStateException(what + " took over 3 minutes; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(what + " failed (exit " + process.exitValue() + "); see " + log);
        }
    }
}
