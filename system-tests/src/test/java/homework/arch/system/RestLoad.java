package homework.arch.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Steady client traffic through the ingress while faults happen: users registering, orders, deposits, withdrawals
 * and transfers, from a few client threads. Every request carries an id of the client's (a user's or order's id, an
 * Idempotency-Key), so a request whose answer was lost, or that met a 5xx during a fault, is sent again until it gets
 * a definitive answer, as a careful client would. Each user's requests carry the user's own access token, got by logging
 * in (again, when it nears its expiry). Only definitive answers go into the {@link Model}.
 */
final class RestLoad {

    /** Longer than any recovery: a request without a definitive answer after this is a violation. */
    private static final Duration GIVE_UP = Duration.ofSeconds(180);
    private static final Duration PAUSE = Duration.ofMillis(40);

    private final Model model;
    private final List<String> violations;
    private final String correlationPrefix;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong requests = new AtomicLong();
    private final List<Thread> workers = new ArrayList<>();
    private final Tokens tokens = new Tokens(this::logIn);
    private volatile boolean running;

    /** @param violations where every wrong or missing answer is written down (a synchronized list) */
    RestLoad(Model model, List<String> violations, String run) {
        this.model = model;
        this.violations = violations;
        this.correlationPrefix = "reliability:" + run + ":";
    }

    record Answer(int status, JsonNode body) {

        String code() {
            return body.path("code").asText("");
        }
    }

    void start(int threads) {
        running = true;
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(this::work, "rest-load-" + i);
            worker.start();
            workers.add(worker);
        }
    }

    /** Lets every worker finish its operation (until its definitive answer) and waits for them. */
    void stop() throws InterruptedException {
        running = false;
        for (Thread worker : workers) {
            worker.join(GIVE_UP.toMillis() + 10_000);
        }
    }

    private void work() {
        while (running) {
            int dice = ThreadLocalRandom.current().nextInt(100);
            if (dice < 8 || model.users().size() < 2) {
                registerUser();
            } else if (dice < 45) {
                placeOrder();
            } else if (dice < 65) {
                deposit(model.anyUser(), Model.amount(5, 60));
            } else if (dice < 80) {
                withdraw();
            } else {
                transfer();
            }
            sleep(PAUSE);
        }
    }

    void registerUser() {
        UUID id = UUID.randomUUID();
        String name = "Rita Reliability";
        String email = "rita." + id + "@example.com";
        Answer answer = definitive("POST /users", "/users", Map.of("id", id, "name", name, "email", email,
                "password", Api.PASSWORD), null, null);
        if (expect(answer, "POST /users " + id, Set.of(200, 201), Set.of())) {
            tokens.registered(id, email);
            model.userRegistered(new Api.User(id, name, email));
            Figures.add("users registered", 1);
        }
    }

    void deposit(UUID user, BigDecimal amount) {
        Answer answer = definitive("deposit", "/billing/accounts/" + user + "/deposits", Map.of("amount", amount),
                UUID.randomUUID().toString(), user);
        if (expect(answer, "deposit of " + amount + " to " + user, Set.of(201), Set.of())) {
            model.moved(user, Model.cents(amount));
            Figures.add("REST money operations", 1);
        }
    }

    private void withdraw() {
        UUID user = model.anyUser();
        BigDecimal amount = Model.amount(1, 40);
        Answer answer = definitive("withdrawal", "/billing/accounts/" + user + "/withdrawals",
                Map.of("amount", amount), UUID.randomUUID().toString(), user);
        if (expect(answer, "withdrawal of " + amount + " from " + user, Set.of(201), Set.of("insufficient_funds"))) {
            if (answer.status() == 201) {
                model.moved(user, -Model.cents(amount));
            }
            Figures.add("REST money operations", 1);
        }
    }

    private void transfer() {
        UUID from = model.anyUser();
        UUID to = model.anyUserBut(from);
        BigDecimal amount = Model.amount(1, 30);
        Answer answer = definitive("transfer", "/billing/transfers",
                Map.of("fromUserId", from, "toUserId", to, "amount", amount), UUID.randomUUID().toString(), from);
        if (expect(answer, "transfer of " + amount + " from " + from + " to " + to, Set.of(201),
                Set.of("insufficient_funds"))) {
            if (answer.status() == 201) {
                model.moved(from, -Model.cents(amount));
                model.moved(to, Model.cents(amount));
            }
            Figures.add("REST money operations", 1);
        }
    }

    private void placeOrder() {
        UUID id = UUID.randomUUID();
        UUID user = model.anyUser();
        BigDecimal price = Model.amount(1, 50);
        Answer answer = definitive("POST /orders", "/orders", Map.of("id", id, "userId", user, "price", price),
                id.toString(), user);
        if (expect(answer, "order " + id, Set.of(200, 201, 202), Set.of())) {
            String status = answer.body().path("status").asText();
            model.orderPlaced(new Model.PlacedOrder(id, user, Model.cents(price)), status);
            Figures.add("orders placed", 1);
            if ("PENDING".equals(status)) {
                Figures.add("orders answered 202 PENDING (settled by the reconciler)", 1);
            }
        }
    }

    /** Whether {@code answer} is one of the expected ones; anything else is a violation. */
    private boolean expect(Answer answer, String what, Set<Integer> statuses, Set<String> conflicts) {
        if (answer == null) {
            return false;
        }
        if (statuses.contains(answer.status()) || (answer.status() == 409 && conflicts.contains(answer.code()))) {
            return true;
        }
        violations.add(what + ": unexpected answer " + answer.status() + " " + answer.body());
        return false;
    }

    /**
     * Sends the request until it has a definitive answer: a 5xx (a service down, the database restarting), no answer
     * at all, and 409 request_in_progress (the first attempt still running, or cut off with its claim on the key)
     * are sent again, unchanged.
     */
    /** @param user whose token the request carries; null for none (registration, login) */
    private Answer definitive(String what, String path, Object body, String idempotencyKey, UUID user) {
        Instant giveUp = Instant.now().plus(GIVE_UP);
        String last;
        while (true) {
            try {
                Answer answer = send(path, body, idempotencyKey, user);
                if (answer.status() < 500 && !(answer.status() == 409 && "request_in_progress".equals(answer.code()))) {
                    return answer;
                }
                last = answer.status() + " " + answer.body();
                if (answer.status() == 500) {
                    // Even during a fault: an unavailable dependency is a 503 (or the ingress's 502), never a bug's 500.
                    violations.add(what + " " + path + ": 500 " + answer.body());
                }
                Figures.add(("requests sent again after a " + answer.status() + " " + answer.code()).trim(), 1);
            } catch (IOException e) {
                last = e.toString();
                Figures.add("requests sent again after no answer", 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            if (Instant.now().isAfter(giveUp)) {
                violations.add(what + " " + path + ": no definitive answer within " + GIVE_UP + ", last: " + last);
                return null;
            }
            sleep(Duration.ofMillis(250));
        }
    }

    private Answer send(String path, Object body, String idempotencyKey, UUID user)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Stack.BASE_URL + path))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("X-Correlation-Id", correlationPrefix + requests.incrementAndGet())
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        if (user != null) {
            request.header("Authorization", tokens.bearer(user));
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        JsonNode parsed;
        try {
            parsed = response.body().length == 0 ? MissingNode.getInstance() : json.readTree(response.body());
        } catch (IOException notJson) {
            // An ingress's error page during a fault, for example.
            parsed = json.getNodeFactory().textNode(new String(response.body()));
        }
        return new Answer(response.statusCode(), parsed);
    }

    /** A login that, like every request here, is sent again until it has a definitive answer. */
    private Tokens.Issued logIn(String email, String password) {
        Answer answer = definitive("POST /users/login", "/users/login", Map.of("email", email, "password", password),
                null, null);
        if (answer == null || answer.status() != 200) {
            throw new IllegalStateException("login of " + email + " failed: "
                    + (answer == null ? "no answer" : answer.status() + " " + answer.body()));
        }
        return new Tokens.Issued(answer.body().path("accessToken").asText(), answer.body().path("expiresIn").asLong());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
