package homework.arch.user;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static homework.arch.testsupport.Problems.PROBLEM;
import static homework.arch.testsupport.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.BasicCredentials;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import homework.arch.testsupport.BillingStub;
import homework.arch.testsupport.BillingStub.InjectBillingStub;
import homework.arch.testsupport.PublishedEvents;
import homework.arch.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@QuarkusTest
@WithTestResource(BillingStub.class)
class UserResourceTest {

    static final String PASSWORD = "correct horse battery";
    /** billing's internal operation that opens an account. */
    static final String ACCOUNTS = "/internal/billing/accounts";
    /** user-service's own credential for it (the test profile's billing-client.*). */
    static final BasicCredentials CREDENTIAL = BillingStub.credentialOf("user-service");

    @InjectBillingStub
    WireMockServer billing;

    @BeforeEach
    void billingIsUp() {
        billing.resetAll();
        billingAnswers(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("{}"));
    }

    @Test
    void registersTheUserAfterOpeningTheBillingAccountAndPublishesUserCreated() throws Exception {
        UUID id = UUID.randomUUID();
        String email = "ann." + id + "@example.com";
        try (PublishedEvents events = PublishedEvents.on("users", "user.created")) {
            String createdAt = register(Map.of("id", id.toString(), "name", "Ann", "email", email))
                    .statusCode(201)
                    .header("Location", startsWith("http"))
                    .body("id", equalTo(id.toString()))
                    .body("name", equalTo("Ann"))
                    .body("email", equalTo(email))
                    .body("createdAt", notNullValue())
                    .extract().path("createdAt");

            billing.verify(1, accountOpenedFor(id));
            getUser(id).statusCode(200)
                    .body("id", equalTo(id.toString()))
                    .body("email", equalTo(email))
                    .body("createdAt", equalTo(createdAt));

            PublishedEvents.Event event = events.first(PublishedEvents.withField("userId", id));
            assertThat(event.properties().getMessageId()).isEqualTo(event.body().get("eventId").asText());
            assertThat(event.properties().getType()).isEqualTo("UserCreated");
            assertThat(event.body().get("eventType").asText()).isEqualTo("UserCreated");
            assertThat(event.body().get("name").asText()).isEqualTo("Ann");
            assertThat(event.body().get("email").asText()).isEqualTo(email);
            assertThat(event.body().get("occurredAt").asText()).isNotBlank();
        }
    }

    @Test
    void repeatingTheSameRegistrationReturnsTheFirstUser() {
        UUID id = UUID.randomUUID();
        Map<String, Object> request = Map.of("id", id.toString(), "name", "Bob", "email", "bob." + id + "@example.com");
        String createdAt = register(request).statusCode(201).extract().path("createdAt");

        register(request).statusCode(200)
                .body("id", equalTo(id.toString()))
                .body("createdAt", equalTo(createdAt));
    }

    @Test
    void theSameIdWithOtherDataIsAConflict() {
        UUID id = UUID.randomUUID();
        register(Map.of("id", id.toString(), "name", "Cid", "email", "cid." + id + "@example.com")).statusCode(201);

        problem(register(Map.of("id", id.toString(), "name", "Cid II", "email", "cid." + id + "@example.com")),
                409, "user_exists");
        problem(register(Map.of("id", id.toString(), "name", "Cid", "email", "other." + id + "@example.com")),
                409, "user_exists");
    }

    @Test
    void anEmailBelongsToOneUserWhateverItsCase() {
        String email = "dora." + UUID.randomUUID() + "@example.com";
        register(Map.of("name", "Dora", "email", email)).statusCode(201).body("id", notNullValue());

        problem(register(Map.of("id", UUID.randomUUID().toString(), "name", "Dora", "email", email.toUpperCase())),
                409, "email_taken");
    }

    @Test
    void concurrentIdenticalRegistrationsCreateOneUser() {
        UUID id = UUID.randomUUID();
        Map<String, Object> request = Map.of("id", id.toString(), "name", "Eve", "email", "eve." + id + "@example.com");

        List<Integer> statuses = concurrently(request, request);

        assertThat(statuses).containsExactlyInAnyOrder(201, 200);
    }

    @Test
    void concurrentRegistrationsOfOneEmailLetOneWin() {
        String email = "fay." + UUID.randomUUID() + "@example.com";

        List<Integer> statuses = concurrently(
                Map.of("id", UUID.randomUUID().toString(), "name", "Fay", "email", email),
                Map.of("id", UUID.randomUUID().toString(), "name", "Fay", "email", email));

        assertThat(statuses).containsExactlyInAnyOrder(201, 409);
    }

    static List<Arguments> invalidRegistrations() {
        String valid = "gus@example.com";
        return List.of(
                new Arguments(Map.of("name", "Gus", "email", valid, "password", "seven77"), "validation_failed",
                        "password"),
                // 72 bytes at most, counted in UTF-8: 37 two-byte letters are 74 bytes.
                new Arguments(Map.of("name", "Gus", "email", valid, "password", "\u00e9".repeat(37)),
                        "validation_failed", "password"),
                new Arguments(Map.of("name", "Gus", "email", valid, "password", "p".repeat(73)), "validation_failed",
                        "password"),
                new Arguments(Map.of("name", "Gus", "email", valid, "password", 12345678), "invalid_type", "password"),
                new Arguments(Map.of("name", "Gus", "email", "not-an-email"), "validation_failed", "email"),
                new Arguments(Map.of("name", "Gus", "email", "gus@localhost"), "validation_failed", "email"),
                new Arguments(Map.of("name", "Gus"), "validation_failed", "email"),
                new Arguments(Map.of("name", " ", "email", valid), "validation_failed", "name"),
                new Arguments(Map.of("name", "G".repeat(101), "email", valid), "validation_failed", "name"),
                new Arguments(Map.of("email", valid), "validation_failed", "name"),
                new Arguments(Map.of("name", "Gus", "email", valid, "role", "admin"), "unknown_field", "role"),
                new Arguments(Map.of("id", "42", "name", "Gus", "email", valid), "invalid_type", "id"),
                new Arguments(Map.of("name", 7, "email", valid), "invalid_type", "name"));
    }

    record Arguments(Map<String, Object> body, String code, String field) {
    }

    @ParameterizedTest
    @MethodSource("invalidRegistrations")
    void invalidInputIsRejectedBeforeAnythingHappens(Arguments invalid) {
        problem(register(invalid.body()), 400, invalid.code())
                .body("violations.field", hasItem(invalid.field()));
        billing.verify(0, postRequestedFor(urlEqualTo(ACCOUNTS)));
    }

    @Test
    void theSameIdAndDataWithAnotherPasswordIsAConflict() {
        UUID id = UUID.randomUUID();
        Map<String, Object> request = Map.of("id", id.toString(), "name", "Ray", "email", "ray." + id + "@example.com");
        register(request).statusCode(201);

        Map<String, Object> other = new HashMap<>(request);
        other.put("password", "another password");
        problem(register(other), 409, "user_exists");
        register(request).statusCode(200);
    }

    @Test
    void aBodyThatIsNotJsonIsRejected() {
        given().contentType(ContentType.JSON).body("{\"name\": \"Hal\",").post("/users").then()
                .statusCode(400).contentType(PROBLEM).body("status", equalTo(400));
        billing.verify(0, postRequestedFor(urlEqualTo(ACCOUNTS)));
    }

    @Test
    void billingDownMeansNothingIsCreatedAndTheSameRequestSucceedsLater() throws Exception {
        billingAnswers(aResponse().withStatus(503));
        UUID id = UUID.randomUUID();
        Map<String, Object> request = Map.of("id", id.toString(), "name", "Ida", "email", "ida." + id + "@example.com");

        try (PublishedEvents events = PublishedEvents.on("users", "user.created")) {
            problem(register(request), 503, "billing_unavailable");
            getUser(id).statusCode(404);

            billingIsUp();
            register(request).statusCode(201).body("id", equalTo(id.toString()));
            getUser(id).statusCode(200);
            events.first(PublishedEvents.withField("userId", id));
        }
    }

    @Test
    void aRegistrationThatLosesTheEmailToAConcurrentOneLeavesNoBillingAccountBehind() {
        // Billing slow enough for both requests to be under way at once.
        billingAnswers(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("{}")
                .withFixedDelay(300));
        String email = "nia." + UUID.randomUUID() + "@example.com";

        List<Integer> statuses = concurrently(Map.of("name", "Nia", "email", email),
                Map.of("name", "Nia B.", "email", email));

        assertThat(statuses).containsExactlyInAnyOrder(201, 409);
        assertThat(accountsOpened()).singleElement()
                .satisfies(id -> getUser(id).statusCode(200).body("email", equalTo(email)));
    }

    @Test
    void aRetryWithoutIdGoesOnWithTheRegistrationItsFailedRequestBegan() {
        billingAnswers(aResponse().withStatus(503));
        Map<String, Object> request = Map.of("name", "Oda", "email", "oda." + UUID.randomUUID() + "@example.com");
        problem(register(request), 503, "billing_unavailable");
        UUID reserved = accountsOpened().get(0);
        getUser(reserved).statusCode(404);

        billingIsUp();
        register(request).statusCode(201).body("id", equalTo(reserved.toString()));

        assertThat(accountsOpened()).containsOnly(reserved);
        register(request).statusCode(409).body("code", equalTo("email_taken"));
    }

    @Test
    void unreachableBillingIsRetriedThenReportedAsUnavailable() {
        billingAnswers(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        UUID id = UUID.randomUUID();

        problem(register(Map.of("id", id.toString(), "name", "Jo", "email", "jo." + id + "@example.com")),
                503, "billing_unavailable");

        assertThat(billing.findAll(accountOpenedFor(id))).hasSizeGreaterThan(1);
        getUser(id).statusCode(404);
    }

    @Test
    void billingTooSlowIsReportedAsUnavailable() {
        billingAnswers(aResponse().withStatus(201).withFixedDelay(10_000));
        UUID id = UUID.randomUUID();

        problem(register(Map.of("id", id.toString(), "name", "Kim", "email", "kim." + id + "@example.com")),
                503, "billing_unavailable");

        getUser(id).statusCode(404);
    }

    @Test
    void aRequestBillingRejectsIsNotRepeated() {
        billingAnswers(aResponse().withStatus(400).withHeader("Content-Type", PROBLEM)
                .withBody("{\"status\":400,\"code\":\"validation_failed\"}"));
        UUID id = UUID.randomUUID();

        problem(register(Map.of("id", id.toString(), "name", "Lea", "email", "lea." + id + "@example.com")),
                503, "billing_unavailable");

        billing.verify(1, accountOpenedFor(id));
    }

    @Test
    void theCorrelationIdTravelsToBilling() {
        UUID id = UUID.randomUUID();

        given().header("X-Correlation-Id", "corr-" + id).contentType(ContentType.JSON)
                .body(Map.of("id", id.toString(), "name", "Max", "email", "max." + id + "@example.com", "password",
                        PASSWORD))
                .post("/users").then().statusCode(201);

        billing.verify(1, accountOpenedFor(id).withHeader("X-Correlation-Id", WireMock.equalTo("corr-" + id)));
    }

    @Test
    void anUnknownUserIsNotFound() {
        problem(getUser(UUID.randomUUID()), 404, "user_not_found");
    }

    @Test
    void billingIsCalledWithUserServicesOwnCredentialAndNoUsersToken() {
        UUID id = UUID.randomUUID();

        register(Map.of("id", id.toString(), "name", "Una", "email", "una." + id + "@example.com")).statusCode(201);

        billing.verify(1, accountOpenedFor(id).withBasicAuth(CREDENTIAL));
        assertThat(billing.findAll(accountOpenedFor(id))).singleElement()
                .satisfies(call -> assertThat(call.getHeader("Authorization")).startsWith("Basic "));
    }

    @Test
    void aUserMayReadOnlyTheirOwnUser() {
        UUID ann = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        register(Map.of("id", ann.toString(), "name", "Ann", "email", "ann." + ann + "@example.com")).statusCode(201);
        register(Map.of("id", bob.toString(), "name", "Bob", "email", "bob." + bob + "@example.com")).statusCode(201);

        getUser(ann).statusCode(200).body("id", equalTo(ann.toString()));
        problem(given().header("Authorization", TestTokens.bearer(ann)).get("/users/{id}", bob).then(),
                403, "forbidden")
                .body(not(containsString("bob.")));
        // Refused before anything is read: an unknown id is forbidden too, not "not found".
        problem(given().header("Authorization", TestTokens.bearer(ann)).get("/users/{id}", UUID.randomUUID()).then(),
                403, "forbidden");
    }

    @Test
    void aUserNeedsAToken() {
        UUID id = UUID.randomUUID();
        register(Map.of("id", id.toString(), "name", "Vic", "email", "vic." + id + "@example.com")).statusCode(201);

        problem(given().get("/users/{id}", id).then(), 401, "unauthenticated")
                .header("WWW-Authenticate", startsWith("Bearer"));
        TestTokens.refused(id).forEach((what, token) -> problem(
                given().header("Authorization", "Bearer " + token).get("/users/{id}", id).then(), 401, "invalid_token")
                .header("WWW-Authenticate", startsWith("Bearer")));
    }

    /** The user {@code id}, read with its own token. */
    static ValidatableResponse getUser(UUID id) {
        return given().header("Authorization", TestTokens.bearer(id)).get("/users/{id}", id).then();
    }

    /** Registers with {@link #PASSWORD} unless the body names a password itself. */
    static ValidatableResponse register(Map<String, Object> body) {
        Map<String, Object> withPassword = new HashMap<>(body);
        withPassword.putIfAbsent("password", PASSWORD);
        return given().contentType(ContentType.JSON).body(withPassword).post("/users").then();
    }

    @SafeVarargs
    private static List<Integer> concurrently(Map<String, Object>... bodies) {
        List<CompletableFuture<Integer>> calls = Arrays.stream(bodies)
                .map(body -> CompletableFuture.supplyAsync(() -> register(body).extract().statusCode()))
                .toList();
        return calls.stream().map(CompletableFuture::join).toList();
    }

    /** billing's answer to a request with user-service's credential; without it, WireMock's 404 (a rejection). */
    void billingAnswers(ResponseDefinitionBuilder answer) {
        billing.stubFor(BillingStub.operation(ACCOUNTS, CREDENTIAL).willReturn(answer));
    }

    private List<UUID> accountsOpened() {
        return billing.findAll(postRequestedFor(urlEqualTo(ACCOUNTS))).stream()
                .map(request -> UUID.fromString(JsonPath.from(request.getBodyAsString()).getString("userId")))
                .distinct().toList();
    }

    static RequestPatternBuilder accountOpenedFor(UUID id) {
        return postRequestedFor(urlEqualTo(ACCOUNTS))
                .withRequestBody(matchingJsonPath("$.userId", WireMock.equalTo(id.toString())));
    }
}
