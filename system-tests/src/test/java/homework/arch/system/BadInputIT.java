package homework.arch.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import homework.arch.system.Api.User;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint of the public API, through the ingress, with every kind of client mistake: malformed JSON, wrong
 * types, missing and unknown fields, zero, negative, over-precise and huge amounts, unknown and malformed ids, bad
 * paging parameters, oversized bodies, wrong content types, unacceptable Accept headers, bad Idempotency-Keys, another
 * user's ids, and missing or invalid access tokens (the requests are A's, with A's token, unless a case says otherwise).
 * Each must be the expected 4xx application/problem+json with its stable code, never a 5xx, and none may write
 * anything: a fixture (a user with money, a hold, a paid order and its letter) is compared before and after the sweep.
 * <p>
 * The requests go out through {@link HttpClient}, not rest-assured, because the mistakes are in the exact bytes and
 * headers sent (rest-assured adds a charset to the content type and a content type to a body).
 */
@ExtendWith(StackReady.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputIT {

    private static final Api API = new Api("bad-input");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";
    private static final String AUTHORIZATION = "Authorization";

    /** The placeholders of the table's paths and bodies, and what they stand for once the fixture exists. */
    private static final Map<String, String> IDS = new LinkedHashMap<>();
    // Ids a create-style request chooses itself: none of them may exist after the sweep.
    private static final String NEW_USER = UUID.randomUUID().toString();
    private static final String NEW_ORDER = UUID.randomUUID().toString();
    private static final String UNKNOWN = UUID.randomUUID().toString();

    private static Map<String, JsonNode> before;

    /**
     * One bad request. {@code path} and {@code body} may name {@code {A}} (the fixture's user, with money, a hold and
     * an order), {@code {B}} (a second user), {@code {HOLD}} and the fresh ids; {@code headers} come on top of
     * {@code X-Correlation-Id} and, unless null, {@code Content-Type: contentType} and {@code Accept: application/json}.
     */
    record Case(String mistake, String method, String path, Map<String, String> headers, String contentType,
            String body, int status, String code) {

        Case with(String header, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(header, value);
            return new Case(mistake, method, path, more, contentType, body, status, code);
        }

        Case typed(String type) {
            return new Case(mistake, method, path, headers, type, body, status, code);
        }

        @Override
        public String toString() {
            return method + " " + path + ", " + mistake + " -> " + status + " " + code;
        }
    }

    static Case get(String path, String mistake, int status, String code) {
        return new Case(mistake, "GET", path, Map.of(), null, null, status, code);
    }

    static Case post(String path, String body, String mistake, int status, String code) {
        return new Case(mistake, "POST", path, Map.of(), JSON_TYPE, body, status, code);
    }

    /** A JSON POST endpoint and a valid body for it, which every mistake of the table spoils in its own way. */
    record Endpoint(String path, String validBody, boolean bodyRequired) {

        /** The valid body with {@code extra} added as its last member, e.g. {@code "coupon": 1}. */
        String plus(String extra) {
            return validBody.substring(0, validBody.length() - 1) + "," + extra + "}";
        }
    }

    private static final List<Endpoint> JSON_POSTS = List.of(
            new Endpoint("/users", "{\"id\":\"{NEW_USER}\",\"name\":\"Bad Input\","
                    + "\"email\":\"bad.{NEW_USER}@example.com\",\"password\":\"bad input 1\"}", true),
            new Endpoint("/billing/accounts/{A}/deposits", "{\"amount\":1}", true),
            new Endpoint("/billing/accounts/{A}/withdrawals", "{\"amount\":1}", true),
            new Endpoint("/billing/transfers", "{\"fromUserId\":\"{A}\",\"toUserId\":\"{B}\",\"amount\":1}", true),
            new Endpoint("/billing/holds", "{\"userId\":\"{A}\",\"amount\":1}", true),
            new Endpoint("/billing/holds/{HOLD}/capture", "{\"amount\":1}", false),
            new Endpoint("/orders", "{\"id\":\"{NEW_ORDER}\",\"userId\":\"{A}\",\"price\":1}", true));

    /** Endpoints that take an Idempotency-Key, with a request that would succeed under a good key. */
    private static final List<Case> KEYED = List.of(
            post("/billing/accounts/{A}/deposits", "{\"amount\":1}", "", 400, "invalid_idempotency_key"),
            post("/billing/accounts/{A}/withdrawals", "{\"amount\":1}", "", 400, "invalid_idempotency_key"),
            post("/billing/transfers", "{\"fromUserId\":\"{A}\",\"toUserId\":\"{B}\",\"amount\":1}", "", 400,
                    "invalid_idempotency_key"),
            post("/billing/holds", "{\"userId\":\"{A}\",\"amount\":1}", "", 400, "invalid_idempotency_key"),
            post("/billing/holds/{HOLD}/capture", "{\"amount\":1}", "", 400, "invalid_idempotency_key"),
            new Case("", "POST", "/billing/holds/{HOLD}/release", Map.of(), null, null, 400, "invalid_idempotency_key"),
            post("/orders", "{\"id\":\"{NEW_ORDER}\",\"userId\":\"{A}\",\"price\":1}", "", 400,
                    "invalid_idempotency_key"));

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        String oversized = "{\"pad\":\"" + "x".repeat(100 * 1024) + "\"}";
        String beyondTheIngress = "{\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";

        for (Endpoint e : JSON_POSTS) {
            cases.add(post(e.path(), e.validBody().substring(0, e.validBody().length() - 1), "truncated JSON", 400,
                    "malformed_json"));
            cases.add(post(e.path(), "{'a':1}", "single-quoted JSON", 400, "malformed_json"));
            cases.add(post(e.path(), e.validBody() + e.validBody(), "a second JSON document", 400, "malformed_json"));
            cases.add(post(e.path(), "[" + e.validBody() + "]", "an array instead of an object", 400,
                    "malformed_json"));
            cases.add(post(e.path(), "\"text\"", "a string instead of an object", 400, "malformed_json"));
            cases.add(post(e.path(), e.plus("\"coupon\":\"FREE\""), "an unknown field", 400, "unknown_field"));
            cases.add(post(e.path(), e.plus(""), "a trailing comma", 400, "malformed_json"));
            if (e.bodyRequired()) {
                cases.add(post(e.path(), "", "no body", 400, "validation_failed"));
                cases.add(post(e.path(), "null", "a null body", 400, "validation_failed"));
                cases.add(post(e.path(), "{}", "no fields", 400, "validation_failed"));
            }
            cases.add(post(e.path(), e.validBody(), "text/plain", 415, "unsupported_media_type").typed("text/plain"));
            cases.add(post(e.path(), e.validBody(), "form data", 415, "unsupported_media_type")
                    .typed("application/x-www-form-urlencoded"));
            cases.add(post(e.path(), e.validBody(), "XML", 415, "unsupported_media_type").typed("application/xml"));
            cases.add(post(e.path(), e.validBody(), "Accept: text/html", 406, "not_acceptable")
                    .with("Accept", "text/html"));
            cases.add(post(e.path(), oversized, "a 100 KiB body", 413, "payload_too_large"));
            cases.add(post(e.path(), beyondTheIngress, "a 2 MiB body", 413, "payload_too_large"));
        }

        for (Case keyed : KEYED) {
            String path = keyed.path();
            cases.add(renamed(keyed, "an empty Idempotency-Key").with("Idempotency-Key", ""));
            cases.add(renamed(keyed, "a 256-character Idempotency-Key").with("Idempotency-Key", "k".repeat(256)));
            cases.add(renamed(keyed, "an Idempotency-Key with a tab").with("Idempotency-Key", "tab\there"));
            cases.add(renamed(keyed, "a non-ASCII Idempotency-Key").with("Idempotency-Key", "cl\u00e9"));
            if (path.startsWith("/billing/")) {
                cases.add(renamed(keyed, "two Idempotency-Keys").with("Idempotency-Key", "one")
                        .with("idempotency-key", "two"));
            }
        }

        amounts(cases, "/billing/accounts/{A}/deposits", "{\"amount\":%s}");
        amounts(cases, "/billing/accounts/{A}/withdrawals", "{\"amount\":%s}");
        amounts(cases, "/billing/transfers", "{\"fromUserId\":\"{A}\",\"toUserId\":\"{B}\",\"amount\":%s}");
        amounts(cases, "/billing/holds", "{\"userId\":\"{A}\",\"amount\":%s}");
        amounts(cases, "/billing/holds/{HOLD}/capture", "{\"amount\":%s}");
        amounts(cases, "/orders", "{\"id\":\"{NEW_ORDER}\",\"userId\":\"{A}\",\"price\":%s}");

        // Fields other than amounts: wrong types, missing, malformed and unknown ids.
        String user = "{\"id\":\"{NEW_USER}\",\"name\":%s,\"email\":%s,\"password\":\"bad input 1\"}";
        String email = "\"bad.{NEW_USER}@example.com\"";
        cases.add(post("/users", String.format(user, "7", email), "a number for the name", 400, "invalid_type"));
        cases.add(post("/users", String.format(user, "\"Una\"", "[\"a@b.cd\"]"), "an array for the email", 400,
                "invalid_type"));
        cases.add(post("/users", String.format(user, "\"\"", email), "an empty name", 400, "validation_failed"));
        cases.add(post("/users", String.format(user, "\"" + "n".repeat(101) + "\"", email), "a 101-character name",
                400, "validation_failed"));
        cases.add(post("/users", String.format(user, "\"Una\"", "\"not-an-email\""), "a malformed email", 400,
                "validation_failed"));
        cases.add(post("/users", "{\"id\":\"{NEW_USER}\",\"name\":\"Una\",\"password\":\"bad input 1\"}", "no email",
                400, "validation_failed"));
        String withPassword = "{\"id\":\"{NEW_USER}\",\"name\":\"Una\",\"email\":\"una.{NEW_USER}@example.com\"%s}";
        cases.add(post("/users", String.format(withPassword, ""), "no password", 400, "validation_failed"));
        cases.add(post("/users", String.format(withPassword, ",\"password\":\"seven77\""), "a 7-byte password", 400,
                "validation_failed"));
        cases.add(post("/users", String.format(withPassword, ",\"password\":\"" + "p".repeat(73) + "\""),
                "a 73-byte password", 400, "validation_failed"));
        cases.add(post("/users", String.format(withPassword, ",\"password\":12345678"), "a number for the password",
                400, "invalid_type"));
        cases.add(post("/users", "{\"id\":\"not-a-uuid\",\"name\":\"Una\",\"email\":\"una.{NEW_USER}@example.com\","
                + "\"password\":\"bad input 1\"}",
                "a malformed id", 400, "invalid_type"));
        cases.add(post("/users", "{\"id\":7,\"name\":\"Una\",\"email\":\"una.{NEW_USER}@example.com\","
                + "\"password\":\"bad input 1\"}",
                "a number for the id", 400, "invalid_type"));
        cases.add(post("/billing/transfers", "{\"fromUserId\":\"{A}\",\"amount\":1}", "no toUserId", 400,
                "validation_failed"));
        cases.add(post("/billing/transfers", "{\"fromUserId\":\"{A}\",\"toUserId\":\"1-1-1-1-1\",\"amount\":1}",
                "a malformed toUserId", 400, "invalid_type"));
        cases.add(post("/billing/transfers", "{\"fromUserId\":\"{A}\",\"toUserId\":\"{UNKNOWN}\",\"amount\":1}",
                "an unknown toUserId", 404, "account_not_found"));
        cases.add(post("/billing/transfers", "{\"fromUserId\":\"{UNKNOWN}\",\"toUserId\":\"{A}\",\"amount\":1}",
                "someone else's fromUserId", 403, "forbidden"));
        cases.add(post("/billing/transfers", "{\"fromUserId\":\"{A}\",\"toUserId\":\"{A}\",\"amount\":1}",
                "to the same account", 422, "same_account"));
        cases.add(post("/billing/holds", "{\"userId\":\"{UNKNOWN}\",\"amount\":1}", "someone else's userId", 403,
                "forbidden"));
        for (String expires : new String[] { "0", "-1", "1.5", "\"60\"", "99999999999999999999" }) {
            cases.add(post("/billing/holds", "{\"userId\":\"{A}\",\"amount\":1,\"expiresInSeconds\":" + expires + "}",
                    "expiresInSeconds " + expires, 400, expires.equals("0") || expires.equals("-1")
                            ? "validation_failed" : expires.length() > 18 ? "invalid_value" : "invalid_type"));
        }
        cases.add(post("/orders", "{\"id\":\"{NEW_ORDER}\",\"userId\":\"{B}\",\"price\":1}", "someone else's userId",
                403, "forbidden"));
        cases.add(post("/orders", "{\"id\":\"not-a-uuid\",\"userId\":\"{A}\",\"price\":1}", "a malformed id", 400,
                "invalid_type"));
        cases.add(post("/orders", "{\"id\":\"{NEW_ORDER}\",\"userId\":\"{A}\",\"price\":1,\"status\":\"PAID\"}",
                "a status sent by the client", 400, "unknown_field"));

        // Ids in paths: malformed, and well-formed but unknown.
        for (String id : new String[] { "not-a-uuid", "1-1-1-1-1", "{A}x" }) {
            String what = "the malformed id " + id;
            cases.add(get("/users/" + id, what, 400, "validation_failed"));
            cases.add(get("/billing/accounts/" + id, what, 400, "validation_failed"));
            cases.add(get("/billing/accounts/" + id + "/transactions", what, 400, "validation_failed"));
            cases.add(post("/billing/accounts/" + id + "/deposits", "{\"amount\":1}", what, 400, "validation_failed"));
            cases.add(post("/billing/accounts/" + id + "/withdrawals", "{\"amount\":1}", what, 400,
                    "validation_failed"));
            cases.add(get("/billing/holds/" + id, what, 400, "validation_failed"));
            cases.add(post("/billing/holds/" + id + "/capture", "{}", what, 400, "validation_failed"));
            cases.add(new Case(what, "POST", "/billing/holds/" + id + "/release", Map.of(), null, null, 400,
                    "validation_failed"));
            cases.add(get("/billing/payments/" + id, what, 400, "validation_failed"));
            cases.add(get("/orders/" + id, what, 400, "validation_failed"));
        }
        // A user id that is not the caller's is refused before anything is read: whether it exists is not told.
        for (String other : new String[] { "{UNKNOWN}", "{B}" }) {
            String what = other.equals("{B}") ? "another user's id" : "an unknown user id";
            cases.add(get("/users/" + other, what, 403, "forbidden"));
            cases.add(get("/billing/accounts/" + other, what, 403, "forbidden"));
            cases.add(get("/billing/accounts/" + other + "/transactions", what, 403, "forbidden"));
            cases.add(post("/billing/accounts/" + other + "/deposits", "{\"amount\":1}", what, 403, "forbidden"));
            cases.add(post("/billing/accounts/" + other + "/withdrawals", "{\"amount\":1}", what, 403, "forbidden"));
            cases.add(get("/orders?userId=" + other, what, 403, "forbidden"));
            cases.add(get("/notifications?userId=" + other, what, 403, "forbidden"));
        }
        String unknown = "an unknown id";
        cases.add(get("/billing/holds/{UNKNOWN}", unknown, 404, "hold_not_found"));
        cases.add(post("/billing/holds/{UNKNOWN}/capture", "{}", unknown, 404, "hold_not_found"));
        cases.add(new Case(unknown, "POST", "/billing/holds/{UNKNOWN}/release", Map.of(), null, null, 404,
                "hold_not_found"));
        cases.add(get("/billing/payments/{UNKNOWN}", unknown, 404, "payment_not_found"));
        cases.add(get("/orders/{UNKNOWN}", unknown, 404, "order_not_found"));

        // Lists: the user, the page size and the cursor.
        for (String list : new String[] { "/billing/accounts/{A}/transactions?", "/orders?userId={A}&",
                "/notifications?userId={A}&" }) {
            for (String limit : new String[] { "0", "-1", "501", "abc", "1.5", "99999999999" }) {
                cases.add(get(list + "limit=" + limit, "limit " + limit, 400, "validation_failed"));
            }
            cases.add(get(list + "cursor=not-a-cursor", "a foreign cursor", 400, "invalid_cursor"));
            cases.add(get(list + "cursor=" + "A".repeat(300), "a 300-character cursor", 400,
                    list.startsWith("/notifications") ? "validation_failed" : "invalid_cursor"));
            cases.add(get(list + "limit=10", "Accept: text/html", 406, "not_acceptable").with("Accept", "text/html"));
        }
        for (String list : new String[] { "/orders", "/notifications" }) {
            cases.add(get(list + "?userId=not-a-uuid", "a malformed userId", 400, "validation_failed"));
            cases.add(get(list + "?userId=1-1-1-1-1", "a non-canonical userId", 400, "validation_failed"));
        }
        credentials(cases);
        return cases.stream();
    }

    /**
     * Every public endpoint but registration and login without a token, and with tokens that are not valid: A's own
     * token with its payload changed (to name B), and a token that is not a JWT.
     */
    private static void credentials(List<Case> cases) {
        List<Case> endpoints = List.of(get("/users/me", "", 0, ""), get("/users/{A}", "", 0, ""),
                get("/billing/accounts/{A}", "", 0, ""), get("/billing/accounts/{A}/transactions", "", 0, ""),
                post("/billing/accounts/{A}/deposits", "{\"amount\":1}", "", 0, ""),
                post("/billing/accounts/{A}/withdrawals", "{\"amount\":1}", "", 0, ""),
                post("/billing/transfers", "{\"toUserId\":\"{B}\",\"amount\":1}", "", 0, ""),
                post("/billing/holds", "{\"amount\":1}", "", 0, ""), get("/billing/holds/{HOLD}", "", 0, ""),
                post("/billing/holds/{HOLD}/capture", "{}", "", 0, ""),
                new Case("", "POST", "/billing/holds/{HOLD}/release", Map.of(), null, null, 0, ""),
                post("/orders", "{\"id\":\"{NEW_ORDER}\",\"price\":1}", "", 0, ""), get("/orders?userId={A}", "", 0, ""),
                get("/notifications?userId={A}", "", 0, ""));
        for (Case endpoint : endpoints) {
            cases.add(new Case("no token", endpoint.method(), endpoint.path(), Map.of(AUTHORIZATION, ""),
                    endpoint.contentType(), endpoint.body(), 401, "unauthenticated"));
            cases.add(new Case("A's token, tampered to name B", endpoint.method(), endpoint.path(),
                    Map.of(AUTHORIZATION, "Bearer {A_TAMPERED}"), endpoint.contentType(), endpoint.body(), 401,
                    "invalid_token"));
            cases.add(new Case("a token that is not a JWT", endpoint.method(), endpoint.path(),
                    Map.of(AUTHORIZATION, "Bearer not-a-jwt"), endpoint.contentType(), endpoint.body(), 401,
                    "invalid_token"));
        }
    }

    /** Zero, negative, over-precise, huge, mistyped and missing amounts, in {@code template}'s one amount field. */
    private static void amounts(List<Case> cases, String path, String template) {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("0", "validation_failed");
        codes.put("-1", "validation_failed");
        codes.put("-0.01", "validation_failed");
        codes.put("0.001", "validation_failed");
        codes.put("1.005", "validation_failed");
        codes.put("10000000000000", "validation_failed");
        codes.put("1e400", "validation_failed");
        codes.put("9".repeat(1001), "value_too_large");
        codes.put("\"1\"", "invalid_type");
        codes.put("true", "invalid_type");
        codes.put("[1]", "invalid_type");
        codes.put("{\"value\":1}", "invalid_type");
        codes.put("NaN", "malformed_json");
        codes.put("1,5", "malformed_json");
        codes.forEach((amount, code) -> cases.add(post(path, String.format(template, amount),
                "amount " + (amount.length() > 20 ? amount.substring(0, 8) + "... (" + amount.length() + " digits)"
                        : amount), 400, code)));
        if (!path.endsWith("/capture")) { // capture's amount is optional: absent takes the whole hold
            cases.add(post(path, String.format(template, "null"), "amount null", 400, "validation_failed"));
        }
    }

    private static Case renamed(Case c, String mistake) {
        return new Case(mistake, c.method(), c.path(), c.headers(), c.contentType(), c.body(), c.status(), c.code());
    }

    @BeforeAll
    static void fixture() throws IOException, InterruptedException {
        User a = API.createUser("Bad Input Anna");
        User b = API.createUser("Bad Input Bert");
        API.deposit(a.id(), new BigDecimal("100.00"));
        String hold = API.as(a.id()).body(Map.of("userId", a.id(), "amount", 10, "expiresInSeconds", 3600))
                .post("/billing/holds").then().statusCode(201).extract().path("id");
        Api.Order order = API.placeOrder(a.id(), new BigDecimal("5.00"));
        assertThat(order.status()).isEqualTo("PAID");
        API.awaitLetters(a, List.of(order), Duration.ofSeconds(30));
        IDS.put("{A_TAMPERED}", tampered(API.token(a.id()), a.id(), b.id()));
        IDS.put("{A}", a.id().toString());
        IDS.put("{B}", b.id().toString());
        IDS.put("{HOLD}", hold);
        IDS.put("{NEW_USER}", NEW_USER);
        IDS.put("{NEW_ORDER}", NEW_ORDER);
        IDS.put("{UNKNOWN}", UNKNOWN);
        before = state();
        before.forEach((what, value) -> {
            if (what.contains("{NEW_")) {
                assertThat(value.asInt()).as(what + " before the sweep").isEqualTo(404);
            }
        });
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aBadRequestIsAProblemWithItsCodeAndNeverA5xx(Case bad) throws IOException, InterruptedException {
        Figures.add("bad inputs tried", 1);
        Answer response = send(bad);
        List<String> wrong = new ArrayList<>();
        if (response.status() != bad.status()) {
            wrong.add("status " + response.status());
        }
        if (!response.contentType().startsWith("application/problem+json")) {
            wrong.add("Content-Type '" + response.contentType() + "'");
        }
        JsonNode body = parse(response.body());
        if (body == null || body.path("status").asInt() != response.status()) {
            wrong.add("body status " + (body == null ? "(no JSON body)" : body.path("status")));
        }
        if (body == null || !bad.code().equals(body.path("code").asText(null))) {
            wrong.add("code " + (body == null ? "(no JSON body)" : body.path("code")));
        }
        if (!wrong.isEmpty()) {
            String violation = "bad input " + bad + " got " + String.join(", ", wrong) + ": "
                    + abbreviated(response.body());
            Figures.violation(violation);
            throw new AssertionError(violation);
        }
    }

    @Order(2)
    @Test
    void noBadRequestWroteAnything() throws IOException, InterruptedException {
        Map<String, JsonNode> after = state();
        List<String> changed = new ArrayList<>();
        before.forEach((what, was) -> {
            if (!was.equals(after.get(what))) {
                changed.add(what + " was " + abbreviated(was.toString()) + ", is " + abbreviated(after.get(what) + ""));
            }
        });
        changed.forEach(change -> Figures.violation("a bad input wrote: " + change));
        assertThat(changed).as("what the bad requests changed").isEmpty();
    }

    /** What the sweep must leave alone: the fixture's users, money, hold, orders and letters, and the fresh ids. */
    private static Map<String, JsonNode> state() throws IOException, InterruptedException {
        Map<String, JsonNode> state = new LinkedHashMap<>();
        for (String user : new String[] { "{A}", "{B}" }) {
            state.put("user " + user, read("/users/" + user, user));
            state.put("account " + user, read("/billing/accounts/" + user, user));
            state.put("statement " + user, read("/billing/accounts/" + user + "/transactions?limit=500", user));
            state.put("orders " + user, read("/orders?userId=" + user + "&limit=500", user));
            state.put("letters " + user, read("/notifications?userId=" + user + "&limit=500", user));
        }
        state.put("hold", read("/billing/holds/{HOLD}", "{A}"));
        // Whether the registration of NEW_USER happened: its login works only if it did.
        state.put("user {NEW_USER}", JSON.valueToTree(send(post("/users/login",
                "{\"email\":\"bad.{NEW_USER}@example.com\",\"password\":\"bad input 1\"}", "", 0, "")).status() == 200
                        ? 200 : 404));
        state.put("order {NEW_ORDER}", JSON.valueToTree(send(get("/orders/{NEW_ORDER}", "", 404, "")).status()));
        return state;
    }

    /** @param owner the user ({A} or {B}) whose token reads it */
    private static JsonNode read(String path, String owner) throws IOException, InterruptedException {
        Answer response = send(get(path, "", 200, "").with(AUTHORIZATION, "Bearer " + API.token(UUID.fromString(
                resolve(owner)))));
        assertThat(response.status()).as("GET " + path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Sends the case as A (with A's token) unless it sets Authorization itself; an empty one means none at all. */
    private static Answer send(Case c) throws IOException, InterruptedException {
        if (!c.headers().containsKey(AUTHORIZATION)) {
            c = c.with(AUTHORIZATION, "Bearer " + API.token(UUID.fromString(IDS.get("{A}"))));
        } else if (c.headers().get(AUTHORIZATION).isEmpty()) {
            Map<String, String> without = new LinkedHashMap<>(c.headers());
            without.remove(AUTHORIZATION);
            c = new Case(c.mistake(), c.method(), c.path(), without, c.contentType(), c.body(), c.status(), c.code());
        }
        if (c.headers().values().stream().anyMatch(value -> value.chars().anyMatch(ch -> ch > 0x7e))) {
            return sendRaw(c);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Stack.BASE_URL + resolve(c.path())))
                .timeout(Duration.ofSeconds(30))
                .header("X-Correlation-Id", API.correlationId())
                .method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(resolve(c.body()), StandardCharsets.UTF_8));
        if (c.contentType() != null) {
            request.header("Content-Type", c.contentType());
        }
        if (!c.headers().containsKey("Accept")) {
            request.header("Accept", JSON_TYPE);
        }
        c.headers().forEach((name, value) -> request.header(name, resolve(value)));
        HttpResponse<String> response = HTTP.send(request.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }

    record Answer(int status, String contentType, String body) {
    }

    /**
     * HttpClient replaces what is not ASCII in a header value with '?'; a client like curl sends the UTF-8 bytes, and
     * so does this, over a socket of its own (one request, then the server closes: {@code Connection: close}).
     */
    private static Answer sendRaw(Case c) throws IOException {
        URI base = URI.create(Stack.BASE_URL);
        byte[] body = c.body() == null ? new byte[0] : resolve(c.body()).getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(c.method() + " " + resolve(c.path()) + " HTTP/1.1\r\n")
                .append("Host: ").append(base.getHost()).append("\r\n")
                .append("Connection: close\r\n")
                .append("X-Correlation-Id: ").append(API.correlationId()).append("\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n");
        if (c.contentType() != null) {
            head.append("Content-Type: ").append(c.contentType()).append("\r\n");
        }
        if (!c.headers().containsKey("Accept")) {
            head.append("Accept: ").append(JSON_TYPE).append("\r\n");
        }
        c.headers().forEach((name, value) -> head.append(name).append(": ").append(resolve(value)).append("\r\n"));
        head.append("\r\n");
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = response.indexOf("\r\n\r\n");
            String[] lines = response.substring(0, end).split("\r\n");
            String contentType = Stream.of(lines).filter(line -> line.toLowerCase().startsWith("content-type:"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("");
            return new Answer(Integer.parseInt(lines[0].split(" ")[1]), contentType, response.substring(end + 4));
        }
    }

    /** {@code token} with its payload's subject changed from {@code from} to {@code to}: the signature no longer fits. */
    private static String tampered(String token, UUID from, UUID to) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace(from.toString(), to.toString());
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    private static String resolve(String text) {
        String resolved = text;
        for (Map.Entry<String, String> id : IDS.entrySet()) {
            resolved = resolved.replace(id.getKey(), id.getValue());
        }
        return resolved;
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String abbreviated(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
