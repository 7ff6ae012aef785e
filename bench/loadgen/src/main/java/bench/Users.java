package bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * The bench's users: registered through POST /users (which opens their billing account), logged in through POST
 * /users/login, each with its own access token, which every request about the user carries. A token lives at most 15
 * minutes and a run can last longer: before each load phase, {@link #validFor} logs in again every user whose token
 * would expire during it, so that no login falls into a measurement; a background refresh does the same for a phase
 * longer than a token's life. Users that are done with are {@link #retire retired} and no longer refreshed.
 */
final class Users implements AutoCloseable {

    /** Every bench user's password (8 to 72 bytes). Only failed logins are throttled; these never fail. */
    static final String PASSWORD = "bench password";
    /** How long before its expiry a token is replaced: a request sent with it must still arrive in time. */
    private static final Duration MARGIN = Duration.ofSeconds(60);
    /** What the background refresh looks ahead, every REFRESH_EVERY. */
    private static final Duration REFRESH_AHEAD = Duration.ofMinutes(2);
    private static final Duration REFRESH_EVERY = Duration.ofSeconds(30);
    private static final int CONCURRENCY = 16;

    /** "Bearer …" and when it expires, counted from when its login was sent (System.nanoTime()). */
    private record Token(String authorization, long expiresAtNanos) {
    }

    private final Http http;
    private final String run;
    private final Map<UUID, String> emails = new ConcurrentHashMap<>();
    private final Map<UUID, Token> tokens = new ConcurrentHashMap<>();
    private final Set<UUID> retired = ConcurrentHashMap.newKeySet();
    private final AtomicLong logins = new AtomicLong();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "token refresh");
        thread.setDaemon(true);
        return thread;
    });

    Users(Http http, String run) {
        this.http = http;
        this.run = run;
        refresher.scheduleWithFixedDelay(this::refresh, REFRESH_EVERY.toSeconds(), REFRESH_EVERY.toSeconds(),
                TimeUnit.SECONDS);
    }

    /** {@code count} new users (their names and emails say what for), registered and logged in. */
    List<UUID> register(int count, String purpose) {
        return Http.parallel(IntStream.range(0, count).boxed().toList(), CONCURRENCY, i -> {
            UUID id = UUID.randomUUID();
            String email = "bench-" + run + "-" + purpose + "-" + i + "@bench.example";
            return http.post("/users", Map.of("id", id, "name", "Bench " + purpose + " " + i, "email", email,
                            "password", PASSWORD), null)
                    .thenCompose(user -> {
                        emails.put(id, email);
                        return login(id);
                    })
                    .thenApply(authorization -> id);
        });
    }

    String email(UUID user) {
        return emails.get(user);
    }

    /** The user's current "Bearer …", without waiting: the load's threads ask for it on every request. */
    String authorization(UUID user) {
        Token token = tokens.get(user);
        if (token == null) {
            throw new IllegalStateException("user " + user + " is not logged in");
        }
        return token.authorization();
    }

    /**
     * Logs in again every user whose token would expire within {@code duration} (and a margin): called before a load
     * phase of that length. Returns how many were.
     */
    int validFor(Duration duration) {
        long limit = System.nanoTime() + duration.plus(MARGIN).toNanos();
        List<UUID> expiring = tokens.entrySet().stream().filter(e -> e.getValue().expiresAtNanos() - limit < 0)
                .map(Map.Entry::getKey).toList();
        Http.parallel(expiring, CONCURRENCY, this::login);
        return expiring.size();
    }

    /** Logins so far (registrations' and refreshes'), to tell whether one fell into a measured phase. */
    long logins() {
        return logins.get();
    }

    /** No more tokens for these users: their part of the run is over. */
    void retire(Collection<UUID> users) {
        retired.addAll(users);
        users.forEach(tokens::remove);
    }

    private CompletableFuture<String> login(UUID user) {
        long sent = System.nanoTime();
        return http.post("/users/login", Map.of("email", emails.get(user), "password", PASSWORD), null)
                .thenApply(answer -> {
                    check(user, answer);
                    Token token = new Token("Bearer " + answer.path("accessToken").asText(),
                            sent + TimeUnit.SECONDS.toNanos(answer.path("expiresIn").asLong()));
                    if (!retired.contains(user)) { // a refresh that was under way as the user was retired
                        tokens.put(user, token);
                    }
                    logins.incrementAndGet();
                    return token.authorization();
                });
    }

    /** An answer the bench could not use would only show as 401s later, far from their cause. */
    private static void check(UUID user, JsonNode answer) {
        if (!answer.path("userId").asText().equals(user.toString()) || !answer.path("tokenType").asText()
                .equals("Bearer") || answer.path("accessToken").asText().isEmpty()
                || answer.path("expiresIn").asLong() <= MARGIN.toSeconds()) {
            throw new IllegalStateException("POST /users/login for " + user + " answered " + Json.abbreviate(
                    answer.toString().replaceAll("\"accessToken\":\"[^\"]*\"", "\"accessToken\":\"(not shown)\"")));
        }
    }

    private void refresh() {
        try {
            int refreshed = validFor(REFRESH_AHEAD);
            if (refreshed > 0) {
                System.out.printf("  (logged %d users in again: their tokens were about to expire)%n", refreshed);
            }
        } catch (RuntimeException e) {
            System.out.println("  WARNING: logging users in again failed: " + e);
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
