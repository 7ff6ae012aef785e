package bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * E2E orders: many users with deposits, then POST /orders through the ingress at each concurrency (after a
 * warm-up), each order with its user's access token; afterwards, from the services' databases, the money check (each
 * user's debit equals the sum of their paid orders, and billing's payments agree), one letter per settled order, and
 * the event lag (an order's settled_at to its letter's created_at) of the orders settled in each phase.
 */
final class Orders {

    /** Enough that no order in a run is ever declined: a decline would be an error here. */
    static final long DEPOSIT_MINOR = 100_000_000L;

    private final Settings settings;
    private final Http http;
    /** The bench's users and their tokens (the methods' {@code users} are the ids of some of them). */
    private final Users users;
    private final Db db;
    private final Profiler profiler;
    private final String run;

    record Window(String name, Instant start, Instant end) {
    }

    Orders(Settings settings, Http http, Users users, Db db, Profiler profiler, String run) {
        this.settings = settings;
        this.http = http;
        this.users = users;
        this.db = db;
        this.profiler = profiler;
        this.run = run;
    }

    /**
     * Users through POST /users (so notification-service learns their emails), logged in, each with one deposit into
     * their own account.
     */
    List<UUID> createUsers(int count, String purpose) {
        List<UUID> ids = users.register(count, purpose);
        Http.parallel(ids, 16, id -> http.post("/billing/accounts/" + id + "/deposits",
                Map.of("amount", Money.render(DEPOSIT_MINOR)), users.authorization(id)));
        return ids;
    }

    ObjectNode run() throws Exception {
        ObjectNode result = Json.object();
        long setupStart = System.nanoTime();
        List<UUID> users = createUsers(settings.users(), "e2e");
        result.put("users", users.size()).put("setupSeconds", Json.round((System.nanoTime() - setupStart) / 1e9, 1));
        warmUp(users, settings.warmUp());
        // By now autovacuum would have cleaned the queue-like tables (the outbox, which churns once per order) and
        // analysed the grown ones: without it the timed phases met the warm-up's 60,000 dead outbox rows.
        result.put("vacuumSecondsAfterWarmUp", db.vacuumLikeAutovacuum());
        List<Window> windows = new ArrayList<>();
        ObjectNode phases = result.putObject("phases");
        for (int concurrency : Settings.E2E_CONCURRENCY) {
            String window = String.valueOf(concurrency);
            phases.set(window, measure("c" + concurrency, window, concurrency, users, windows));
        }
        this.users.retire(users);
        result.set("checks", check(users, windows));
        return result;
    }

    /**
     * The untimed load before measuring: at the highest concurrency, for the JIT (C2 takes minutes on two busy cores
     * to reach its steady state), the pools and the caches.
     */
    void warmUp(List<UUID> users, Duration duration) throws InterruptedException {
        load("warm-up", Settings.E2E_CONCURRENCY[Settings.E2E_CONCURRENCY.length - 1], duration, users);
    }

    /**
     * One measured load of orders, profiled as "e2e " + {@code name}; its time window joins {@code windows} under
     * {@code window}, which {@link #check} reports the event lag of.
     */
    ObjectNode measure(String name, String window, int concurrency, List<UUID> users, List<Window> windows)
            throws InterruptedException {
        Profiler.Phase phase = profiler.begin("e2e " + name);
        Instant start = Instant.now();
        ObjectNode measured = load(name, concurrency, settings.e2e(), users);
        windows.add(new Window(window, start, Instant.now()));
        measured.set("profile", phase.end());
        measured.set("perOrder", Profiler.perOperation(measured.path("profile"), measured.path("requests").asLong()));
        return measured;
    }

    private ObjectNode load(String name, int concurrency, Duration duration, List<UUID> users)
            throws InterruptedException {
        HttpLoad.Result result;
        this.users.validFor(duration);
        long loginsBefore = this.users.logins();
        try (HttpLoad load = new HttpLoad(settings.baseUrl())) {
            result = load.run(concurrency, duration, () -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                UUID user = users.get(random.nextInt(users.size()));
                String body = String.format("{\"userId\":\"%s\",\"price\":%d.%02d}", user, random.nextInt(1, 10),
                        random.nextInt(100));
                return new HttpLoad.Post("/orders", this.users.authorization(user), body);
            }, Orders::outcome, "paid");
        }
        ObjectNode json = result.toJson("ordersPerSec");
        // A token refresh during the phase (only when it outlasts a token) would put logins into its figures.
        json.put("loginsDuringPhase", this.users.logins() - loginsBefore);
        System.out.printf("  e2e %-8s %7.1f orders/s  p50 %6.1f ms  p99 %7.1f ms  errors %d %s%n", name,
                json.get("ordersPerSec").asDouble(), json.get("p50Ms").asDouble(), json.get("p99Ms").asDouble(),
                result.errors(), result.errors() == 0 ? "" : result.outcomes());
        return json;
    }

    /** PAID is the success; CANCELLED (no user runs out of money here), 202 PENDING and any other answer are errors. */
    private static String outcome(int status, String body) {
        if (status == 201) {
            return body.contains("\"status\":\"PAID\"") ? "paid" : "cancelled";
        }
        return status == 202 ? "pending" : HttpLoad.failure(status, body);
    }

    /**
     * Waits until every order of these users is settled and lettered, at most the settle timeout; returns the seconds
     * it waited.
     */
    double awaitSettled(List<UUID> users) throws Exception {
        try (Connection orders = db.connect("orders"); Connection notifications = db.connect("notifications")) {
            long deadline = System.nanoTime() + settings.settleTimeout().toNanos();
            long waitStart = System.nanoTime();
            do {
                long pending;
                long settled;
                try (PreparedStatement s = Db.withIds(orders, "SELECT count(*) FILTER (WHERE status = 'PENDING'),"
                        + " count(*) FILTER (WHERE status <> 'PENDING') FROM orders WHERE user_id = ANY(?)", users);
                        ResultSet rs = s.executeQuery()) {
                    rs.next();
                    pending = rs.getLong(1);
                    settled = rs.getLong(2);
                }
                try (PreparedStatement s = Db.withIds(notifications,
                        "SELECT count(*) FROM notification WHERE user_id = ANY(?)", users);
                        ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (pending == 0 && rs.getLong(1) >= settled) {
                        break;
                    }
                }
                Thread.sleep(500);
            } while (System.nanoTime() < deadline);
            return Json.round((System.nanoTime() - waitStart) / 1e9, 1);
        }
    }

    /** Waits until every order of these users is settled and lettered (bounded), then checks money and letters. */
    ObjectNode check(List<UUID> users, List<Window> windows) throws Exception {
        ObjectNode checks = Json.object().put("drainSeconds", awaitSettled(users));
        try (Connection orders = db.connect("orders"); Connection billing = db.connect("billing");
                Connection notifications = db.connect("notifications")) {
            record Placed(UUID user, long price, String status, Instant settledAt) {
            }
            Map<UUID, Placed> placed = new HashMap<>();
            try (PreparedStatement s = Db.withIds(orders,
                    "SELECT id, user_id, price, status, settled_at FROM orders WHERE user_id = ANY(?)", users);
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Timestamp at = rs.getTimestamp(5);
                    placed.put(rs.getObject(1, UUID.class), new Placed(rs.getObject(2, UUID.class), rs.getLong(3),
                            rs.getString(4), at == null ? null : at.toInstant()));
                }
            }
            Map<UUID, Long> paidPerUser = new HashMap<>();
            placed.values().stream().filter(o -> o.status().equals("PAID"))
                    .forEach(o -> paidPerUser.merge(o.user(), o.price(), Long::sum));
            Map<UUID, Long> debitPerUser = new HashMap<>();
            try (PreparedStatement s = Db.withIds(billing,
                    "SELECT user_id, available + held FROM account WHERE user_id = ANY(?)", users);
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    debitPerUser.put(rs.getObject(1, UUID.class), DEPOSIT_MINOR - rs.getLong(2));
                }
            }
            long usersMismatched = users.stream().filter(u -> !debitPerUser.getOrDefault(u, -1L)
                    .equals(paidPerUser.getOrDefault(u, 0L))).count();
            long paymentsMismatched = 0;
            try (PreparedStatement s = Db.withIds(billing,
                    "SELECT order_id, amount, status FROM payment WHERE user_id = ANY(?)", users);
                    ResultSet rs = s.executeQuery()) {
                Map<UUID, Boolean> seen = new HashMap<>();
                while (rs.next()) {
                    Placed order = placed.get(rs.getObject(1, UUID.class));
                    boolean agrees = order != null && order.price() == rs.getLong(2)
                            && order.status().equals(rs.getString(3).equals("SUCCEEDED") ? "PAID" : "CANCELLED");
                    seen.put(rs.getObject(1, UUID.class), agrees);
                }
                paymentsMismatched = seen.values().stream().filter(ok -> !ok).count()
                        + placed.entrySet().stream().filter(e -> !e.getValue().status().equals("PENDING")
                                && !seen.containsKey(e.getKey())).count();
            }
            long debits = debitPerUser.values().stream().mapToLong(Long::longValue).sum();
            long paid = paidPerUser.values().stream().mapToLong(Long::longValue).sum();

            Map<UUID, List<String>> lettersByOrder = new HashMap<>();
            Map<UUID, Instant> letterAt = new HashMap<>();
            try (PreparedStatement s = Db.withIds(notifications,
                    "SELECT order_id, type, created_at FROM notification WHERE user_id = ANY(?)", users);
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    UUID order = rs.getObject(1, UUID.class);
                    lettersByOrder.computeIfAbsent(order, k -> new ArrayList<>()).add(rs.getString(2));
                    letterAt.put(order, rs.getTimestamp(3).toInstant());
                }
            }
            long missing = 0;
            long wrong = 0;
            for (Map.Entry<UUID, Placed> e : placed.entrySet()) {
                if (e.getValue().status().equals("PENDING")) {
                    continue;
                }
                List<String> got = lettersByOrder.getOrDefault(e.getKey(), List.of());
                String expected = e.getValue().status().equals("PAID") ? "ORDER_PAID" : "ORDER_CANCELLED";
                if (got.isEmpty()) {
                    missing++;
                } else if (got.size() != 1 || !got.get(0).equals(expected)) {
                    wrong++;
                }
            }
            long orphanLetters = lettersByOrder.keySet().stream().filter(id -> !placed.containsKey(id)).count();
            long stillPending = placed.values().stream().filter(o -> o.status().equals("PENDING")).count();
            checks.put("orders", placed.size()).put("ordersPending", stillPending)
                    .put("paidMinorUnits", paid).put("debitedMinorUnits", debits)
                    .put("usersWhoseDebitDiffersFromPaidOrders", usersMismatched)
                    .put("paymentsDisagreeingWithOrders", paymentsMismatched)
                    .put("lettersMissing", missing).put("lettersWrongOrDuplicate", wrong)
                    .put("lettersWithoutOrder", orphanLetters)
                    .put("debitsEqualPaidOrders", usersMismatched == 0 && paid == debits && paymentsMismatched == 0)
                    .put("everyOrderHasItsLetter", missing == 0 && wrong == 0 && orphanLetters == 0
                            && stillPending == 0);
            ObjectNode lag = checks.putObject("eventLag");
            for (Window window : windows) {
                double[] lags = placed.entrySet().stream()
                        .filter(e -> e.getValue().settledAt() != null && letterAt.containsKey(e.getKey())
                                && !e.getValue().settledAt().isBefore(window.start())
                                && e.getValue().settledAt().isBefore(window.end()))
                        .mapToDouble(e -> Duration.between(e.getValue().settledAt(),
                                letterAt.get(e.getKey())).toNanos() / 1e6)
                        .toArray();
                lag.set(window.name(), new Stats(lags).toJson());
            }
        }
        System.out.printf("  e2e checks: %s%n", checks);
        return checks;
    }
}
