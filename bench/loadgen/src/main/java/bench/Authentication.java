package bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What authentication costs (issue 18). Measured: logins (POST /users/login through the ingress at a small
 * concurrency, with users registered for it, and user-service's CPU per login from the profile), and the CPU of
 * verifying one token ({@link TokenVerification}, in a JVM started like order-service). Derived, not measured: the
 * share of order-service's CPU per order (from the E2E phases of the same run) that verifying its token takes, and
 * what that allows the E2E throughput without tokens to be at most. The services have no mode without tokens (and
 * must not have one), so a run without them cannot be compared directly.
 */
final class Authentication {

    private static final int LOGIN_USERS = 16;
    private static final String SERVICE = "order-service";

    private final Settings settings;
    private final Users users;
    private final Profiler profiler;
    private final Stack stack;
    private final Path out;

    Authentication(Settings settings, Users users, Profiler profiler, Stack stack, Path out) {
        this.settings = settings;
        this.users = users;
        this.profiler = profiler;
        this.stack = stack;
        this.out = out;
    }

    /** @param e2e this run's E2E result (missing when the run left it out) */
    ObjectNode run(JsonNode e2e) throws Exception {
        ObjectNode result = Json.object();
        result.set("login", login());
        ObjectNode verification = verification();
        result.set("tokenVerification", verification);
        result.set("derivedFromE2e", derived(verification.path("cpuMicrosPerVerification").asDouble(), e2e));
        return result;
    }

    /**
     * Logins of users registered for it, round and round (only failed logins are throttled, and these succeed),
     * after a short warm-up.
     */
    private ObjectNode login() throws Exception {
        List<UUID> ids = users.register(LOGIN_USERS, "login");
        users.retire(ids);
        List<String> bodies = ids.stream().map(id -> Json.write(Map.of("email", users.email(id), "password",
                Users.PASSWORD))).toList();
        AtomicInteger next = new AtomicInteger();
        Supplier<HttpLoad.Post> requests = () -> new HttpLoad.Post("/users/login", null,
                bodies.get(Math.floorMod(next.getAndIncrement(), bodies.size())));
        int concurrency = Settings.LOGIN_CONCURRENCY;
        try (HttpLoad load = new HttpLoad(settings.baseUrl())) {
            load.run(concurrency, Duration.ofSeconds(Math.min(3, settings.warmUp().toSeconds())), requests,
                    Authentication::loginOutcome, "logged in");
            Profiler.Phase phase = profiler.begin("login c" + concurrency);
            HttpLoad.Result measured = load.run(concurrency, settings.login(), requests, Authentication::loginOutcome,
                    "logged in");
            ObjectNode profile = phase.end();
            ObjectNode json = measured.toJson("loginsPerSec");
            long answered = json.path("requests").asLong();
            // Everything user-service did per login: the throttle's look-up and reset, the bcrypt check, the signing.
            json.put("users", LOGIN_USERS).put("userServiceCpuMsPerLogin",
                    answered == 0 ? null : Json.round(1000 * Profiler.cpuSeconds(profile, "user-service") / answered, 2));
            json.set("profile", profile);
            System.out.printf("  login c%d: %.1f logins/s, p50 %.1f ms, p99 %.1f ms, errors %d, user-service CPU %s ms"
                            + " per login%n", concurrency, json.path("loginsPerSec").asDouble(),
                    json.path("p50Ms").asDouble(), json.path("p99Ms").asDouble(), measured.errors(),
                    json.path("userServiceCpuMsPerLogin").asText());
            return json;
        }
    }

    private static String loginOutcome(int status, String body) {
        return status == 200 && body.contains("\"accessToken\"") ? "logged in" : HttpLoad.failure(status, body);
    }

    /** {@link TokenVerification} in a JVM with order-service's java and options; its JSON and that JVM. */
    private ObjectNode verification() throws Exception {
        List<String> jvm = stack.jvm(Stack.service(SERVICE));
        List<String> command = new ArrayList<>(jvm);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), TokenVerification.class.getName(),
                String.valueOf(settings.warmUp().toSeconds()), String.valueOf(settings.verify().toSeconds())));
        Path output = out.resolve("token-verification.json");
        Path log = out.resolve("token-verification.log");
        Process process = new ProcessBuilder(command).redirectOutput(output.toFile()).redirectError(log.toFile())
                .start();
        long patience = settings.warmUp().toSeconds() + settings.verify().toSeconds() + 120;
        if (!process.waitFor(patience, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("token verification did not finish in " + patience + " s; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("token verification failed (exit " + process.exitValue() + "); see "
                    + log);
        }
        ObjectNode json = (ObjectNode) Json.read(Files.readString(output));
        json.put("jvm", String.join(" ", jvm) + " (" + SERVICE + "'s)");
        if (!json.path("tamperedTokenRefused").asBoolean()) {
            throw new IllegalStateException("the verifier accepted a tampered token: it verified nothing");
        }
        System.out.printf("  token verification: %.1f µs CPU each (%d in %.1f s, %s)%n",
                json.path("cpuMicrosPerVerification").asDouble(), json.path("verifications").asLong(),
                json.path("seconds").asDouble(), json.path("java").asText());
        return json;
    }

    /**
     * Verification's share of order-service's CPU per order in each E2E phase. Order-service verifies one token per
     * order; billing's part of an order is called with order-service's Basic credential, and the ingress verifies
     * nothing, so that one verification is all the token adds to an order. Without it order-service's work per
     * order would be that share smaller: were order-service's CPU what bounds the throughput, it would rise by at
     * most 1 / (1 − share); any other bound (the machine's CPU, of which verification is a smaller share; the
     * database; a closed loop's latency, of which it is a smaller share still) moves it less. So 1 − share is a lower
     * bound of (throughput with tokens) / (throughput without), as far as verification goes; Quarkus's own work
     * around it is not in the figure. The worst phase decides "within 10 %".
     */
    private static ObjectNode derived(double verificationMicros, JsonNode e2e) {
        ObjectNode derived = Json.object().put("method", "share = cpuMicrosPerVerification / order-service's CPU µs"
                + " per order (its CPU seconds in each E2E phase's profile / requests answered); E2E throughput with"
                + " tokens ≥ (1 − share) × without, were order-service's CPU the bound (any other bound: nearer 1)");
        if (!e2e.has("phases") || e2e.has("error")) {
            return derived.put("note", "no E2E phase in this run to relate the verification to")
                    .putNull("tokenVerificationShareOfOrderServiceCpu").putNull("withinTenPercent");
        }
        ObjectNode phases = derived.putObject("phases");
        double worst = 0;
        boolean known = true;
        for (Map.Entry<String, JsonNode> entry : e2e.path("phases").properties()) {
            JsonNode phase = entry.getValue();
            long requests = phase.path("requests").asLong();
            double cpuMicrosPerOrder = requests == 0 ? 0
                    : 1e6 * Profiler.cpuSeconds(phase.path("profile"), SERVICE) / requests;
            double ordersPerSec = phase.path("ordersPerSec").asDouble();
            ObjectNode p = phases.putObject(entry.getKey()).put("requests", requests)
                    .put("ordersPerSecWithTokens", ordersPerSec);
            if (cpuMicrosPerOrder <= 0) {
                p.put("note", "no orders or no CPU figure of " + SERVICE + " in this phase");
                known = false;
                continue;
            }
            double share = verificationMicros / cpuMicrosPerOrder;
            p.put("orderServiceCpuMicrosPerOrder", Json.round(cpuMicrosPerOrder, 0))
                    .put("tokenVerificationShareOfOrderServiceCpu", Json.round(share, 4))
                    .put("throughputWithTokensAtLeastFractionOfWithout", Json.round(Math.max(0, 1 - share), 4));
            if (share < 1) {
                p.put("ordersPerSecWithoutTokensAtMost", Json.round(ordersPerSec / (1 - share), 1));
            }
            worst = Math.max(worst, share);
        }
        if (!known || phases.isEmpty()) {
            return derived.putNull("tokenVerificationShareOfOrderServiceCpu").putNull("withinTenPercent");
        }
        derived.put("tokenVerificationShareOfOrderServiceCpu", Json.round(worst, 4))
                .put("throughputWithTokensAtLeastFractionOfWithout", Json.round(Math.max(0, 1 - worst), 4))
                .put("withinTenPercent", worst <= 0.10);
        System.out.printf("  derived: verification = %.1f %% of order-service's CPU per order (worst E2E phase):"
                + " E2E with tokens ≥ %.3f × without, within 10 %% %s%n", 100 * worst, Math.max(0, 1 - worst),
                worst <= 0.10);
        return derived;
    }
}
