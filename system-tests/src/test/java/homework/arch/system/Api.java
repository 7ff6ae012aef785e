package homework.arch.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.LogConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The public API as a client sees it: every call goes through the ingress ({@link Stack#BASE_URL}), asserts the
 * documented success status and returns the body. All calls of one instance carry one {@code X-Correlation-Id}, so
 * a failing test's requests can be found in every service's log. A user's requests carry the user's own access token.
 */
public final class Api {

    private final RequestSpecification spec;
    private final String correlationId;
    private final Tokens tokens = new Tokens(this::logIn);

    /** @param label names the caller in the correlation id (letters, digits, {@code . _ : -}) */
    public Api(String label) {
        this.correlationId = "system-test:" + label + ":" + UUID.randomUUID().toString().substring(0, 8);
        this.spec = new RequestSpecBuilder()
                .setBaseUri(Stack.BASE_URL)
                .setContentType(ContentType.JSON)
                .setAccept(ContentType.JSON)
                .addHeader("X-Correlation-Id", correlationId)
                .setConfig(RestAssuredConfig.config()
                        .httpClient(timeouts(Duration.ofSeconds(30)))
                        .logConfig(LogConfig.logConfig().enableLoggingOfRequestAndResponseIfValidationFails()))
                .build();
    }

    /** A hung service fails the test instead of hanging it: rest-assured waits for ever by default. */
    static HttpClientConfig timeouts(Duration timeout) {
        return HttpClientConfig.httpClientConfig()
                .setParam("http.connection.timeout", (int) timeout.toMillis())
                .setParam("http.socket.timeout", (int) timeout.toMillis());
    }

    public String correlationId() {
        return correlationId;
    }

    /** A request of this client, for the calls this class does not wrap (those that must fail, for example). */
    public RequestSpecification request() {
        return given(spec);
    }

    /** {@link #request()} with the access token of {@code userId}, a user this client registered. */
    public RequestSpecification as(UUID userId) {
        return given(spec).header("Authorization", tokens.bearer(userId));
    }

    /** The access token of {@code userId}, a user this client registered (logged in when needed). */
    public String token(UUID userId) {
        return tokens.token(userId);
    }

    /** Lets this client act for a user someone else registered with {@link #PASSWORD}. */
    public void knows(User user) {
        tokens.registered(user.id(), user.email());
    }

    private Tokens.Issued logIn(String email, String password) {
        JsonPath answer = given(spec).body(Map.of("email", email, "password", password))
                .post("/users/login").then().statusCode(200).extract().jsonPath();
        return new Tokens.Issued(answer.getString("accessToken"), answer.getLong("expiresIn"));
    }

    /** The password every user of the system tests registers with. */
    public static final String PASSWORD = "system tests only";

    /**
     * A user with a fresh email, so runs never collide with each other or with other tests on the same servers; this
     * client then makes the user's requests with the user's own access token.
     */
    public User createUser(String name) {
        String email = name.toLowerCase().replace(' ', '.') + "." + UUID.randomUUID() + "@example.com";
        User user = given(spec).body(Map.of("name", name, "email", email, "password", PASSWORD))
                .post("/users")
                .then().statusCode(201).extract().as(User.class);
        knows(user);
        return user;
    }

    public Account account(UUID userId) {
        return as(userId).get("/billing/accounts/{userId}", userId)
                .then().statusCode(200).extract().as(Account.class);
    }

    public void deposit(UUID userId, BigDecimal amount) {
        as(userId).body(Map.of("amount", amount))
                .post("/billing/accounts/{userId}/deposits", userId)
                .then().statusCode(201);
    }

    /** Billing answers over REST, so an order is settled (PAID or CANCELLED) when this returns. */
    public Order placeOrder(UUID userId, BigDecimal price) {
        return as(userId).body(Map.of("userId", userId, "price", price))
                .post("/orders")
                .then().statusCode(201).extract().as(Order.class);
    }

    /** Every letter sent to the user, newest first. */
    public List<Letter> letters(UUID userId) {
        LetterPage page = as(userId).queryParam("userId", userId).queryParam("limit", 500)
                .get("/notifications")
                .then().statusCode(200).extract().as(LetterPage.class);
        if (page.nextCursor() != null) {
            throw new IllegalStateException("more than one page of letters for the fresh user " + userId);
        }
        return page.items();
    }

    /**
     * Letters arrive asynchronously (through the outbox, RabbitMQ and the inbox): asks until every order has its
     * letter addressed to the user, which also needs the user's UserCreated event, and returns all the user's letters.
     */
    public List<Letter> awaitLetters(User user, Collection<Order> orders, Duration atMost) {
        List<UUID> orderIds = orders.stream().map(Order::id).toList();
        AtomicReference<List<Letter>> last = new AtomicReference<>();
        await("a letter to " + user.email() + " for each of the orders " + orderIds).atMost(atMost)
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    last.set(letters(user.id()));
                    assertThat(last.get()).as("the orders of the letters addressed to " + user.email())
                            .filteredOn(letter -> user.email().equals(letter.email()))
                            .extracting(Letter::orderId)
                            .containsAll(orderIds);
                });
        return last.get();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record User(UUID id, String name, String email) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Account(UUID userId, BigDecimal balance, BigDecimal available, BigDecimal held, String currency) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Order(UUID id, UUID userId, BigDecimal price, String currency, String status, String reason) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Letter(UUID id, UUID userId, String email, UUID orderId, String type, String subject, String body) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record LetterPage(List<Letter> items, String nextCursor) {
    }
}
