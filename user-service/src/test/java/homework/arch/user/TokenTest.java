package homework.arch.user;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import homework.arch.testsupport.BillingStub;
import homework.arch.testsupport.BillingStub.InjectBillingStub;
import homework.arch.testsupport.Problems;
import homework.arch.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Logging in, the tokens user-service signs, the keys it publishes, and what it accepts as a caller's token. */
@QuarkusTest
@WithTestResource(BillingStub.class)
class TokenTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectBillingStub
    WireMockServer billing;

    @BeforeEach
    void billingOpensAccounts() {
        billing.stubFor(post(UserResourceTest.ACCOUNTS).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{}")));
    }

    @Test
    void aRegisteredUserLogsInAndGetsAShortLivedRs256TokenThatNamesOnlyTheUser() throws Exception {
        Registered user = registerUser();

        ExtractableResponse<Response> login = login(user.email(), UserResourceTest.PASSWORD).statusCode(200)
                .body("tokenType", equalTo("Bearer"))
                .body("userId", equalTo(user.id().toString()))
                .extract();

        String token = login.path("accessToken");
        JsonNode header = part(token, 0);
        JsonNode claims = part(token, 1);
        assertThat(header.get("alg").asText()).isEqualTo("RS256");
        assertThat(header.get("kid").asText()).isEqualTo(TestTokens.kid("signing"));
        assertThat(claims.get("iss").asText()).isEqualTo(TestTokens.ISSUER);
        assertThat(claims.get("aud").toString()).contains(TestTokens.AUDIENCE);
        assertThat(claims.get("sub").asText()).isEqualTo(user.id().toString());
        assertThat(claims.get("jti").asText()).isNotBlank();
        long lifetime = claims.get("exp").asLong() - claims.get("iat").asLong();
        assertThat(lifetime).isPositive().isLessThanOrEqualTo(900);
        assertThat((Integer) login.path("expiresIn")).isEqualTo((int) lifetime);
        assertThat(part(token, 1).toString()).doesNotContain(user.email()).doesNotContain("Tess");

        me(token).statusCode(200).body("id", equalTo(user.id().toString())).body("email", equalTo(user.email()));
    }

    @Test
    void anUnknownEmailAndAWrongPasswordGetTheSameAnswer() {
        Registered user = registerUser();

        String wrongPassword = login(user.email(), "not the password").statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("code", equalTo("invalid_credentials")).extract().asString();
        String unknownEmail = login("nobody." + UUID.randomUUID() + "@example.com", "not the password")
                .statusCode(401).extract().asString();

        assertThat(unknownEmail).isEqualTo(wrongPassword);
    }

    @Test
    void repeatedFailuresForOneEmailAreRefusedForAWhileEvenWithTheRightPassword() {
        Registered user = registerUser();
        for (int i = 0; i < 5; i++) {
            login(user.email(), "guess " + i).statusCode(401);
        }

        login(user.email(), UserResourceTest.PASSWORD).statusCode(429)
                .contentType(Problems.PROBLEM)
                .body("code", equalTo("too_many_attempts"))
                .header("Retry-After", Integer::parseInt, org.hamcrest.Matchers.greaterThan(0));
        // Another user from the same address is not locked out by them.
        login(registerUser().email(), UserResourceTest.PASSWORD).statusCode(200);
    }

    @Test
    void repeatedFailuresFromOneAddressAreRefusedForAWhile() {
        String address = "198.51.100." + (1 + (int) (Math.random() * 250));
        for (int i = 0; i < 50; i++) {
            login("nobody." + i + "." + UUID.randomUUID() + "@example.com", "guess", address).statusCode(401);
        }

        login(registerUser().email(), UserResourceTest.PASSWORD, address).statusCode(429)
                .body("code", equalTo("too_many_attempts"));
    }

    @Test
    void meNeedsAToken() {
        given().get("/users/me").then().statusCode(401)
                .contentType(Problems.PROBLEM)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("code", equalTo("unauthenticated"));
    }

    @Test
    void aTokenThatIsNotOneOfOursIsRefused() {
        UUID user = registerUser().id();

        me(TestTokens.of(user)).statusCode(200);
        TestTokens.refused(user).forEach((what, token) -> me(token).statusCode(401)
                .contentType(Problems.PROBLEM)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("code", equalTo("invalid_token")));
    }

    @Test
    void aTokenOfTheRotatedOutKeyIsStillAcceptedUntilItExpires() {
        Registered user = registerUser();

        me(TestTokens.ofPreviousKey(user.id())).statusCode(200).body("id", equalTo(user.id().toString()));
    }

    @Test
    void theJwkSetHasTheCurrentAndThePreviousPublicKeysAndNothingPrivate() throws Exception {
        String jwks = given().get("/users/.well-known/jwks.json").then().statusCode(200)
                .contentType(ContentType.JSON).extract().asString();

        List<JsonNode> keys = StreamSupport.stream(JSON.readTree(jwks).get("keys").spliterator(), false).toList();
        assertThat(keys).extracting(key -> key.get("kid").asText())
                .containsExactly(TestTokens.kid("signing"), TestTokens.kid("previous"));
        assertThat(keys).allSatisfy(key -> {
            assertThat(key.get("kty").asText()).isEqualTo("RSA");
            assertThat(key.get("use").asText()).isEqualTo("sig");
            assertThat(key.get("alg").asText()).isEqualTo("RS256");
            assertThat(key.has("d")).isFalse();
            assertThat(key.has("p")).isFalse();
        });
    }

    @Test
    void theApiDocumentDeclaresTheBearerSchemeWhereATokenIsNeeded() throws Exception {
        JsonNode api = JSON.readTree(given().accept("application/json").get("/users/openapi").then().statusCode(200)
                .extract().asString());

        JsonNode scheme = api.path("components").path("securitySchemes").path("bearer");
        assertThat(scheme.path("type").asText()).isEqualTo("http");
        assertThat(scheme.path("scheme").asText()).isEqualTo("bearer");
        assertThat(api.path("paths").path("/users/me").path("get").path("security").toString()).contains("bearer");
        assertThat(api.path("paths").path("/users/{id}").path("get").path("security").toString()).contains("bearer");
        // Public operations say so: one empty requirement (no scheme needed), not a missing one (redocly lint).
        assertThat(api.path("paths").path("/users/login").path("post").path("security").toString()).isEqualTo("[{}]");
        assertThat(api.path("paths").path("/users").path("post").path("security").toString()).isEqualTo("[{}]");
        assertThat(api.path("paths").path("/users/.well-known/jwks.json").path("get").path("security").toString())
                .isEqualTo("[{}]");
    }

    private record Registered(UUID id, String email) {
    }

    private static Registered registerUser() {
        UUID id = UUID.randomUUID();
        String email = "tess." + id + "@example.com";
        UserResourceTest.register(Map.of("id", id.toString(), "name", "Tess", "email", email)).statusCode(201);
        return new Registered(id, email);
    }

    private static ValidatableResponse login(String email, String password) {
        return login(email, password, "192.0.2." + (1 + (int) (Math.random() * 250)));
    }

    /** @param address the client's address, as the ingress would report it */
    private static ValidatableResponse login(String email, String password, String address) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", address)
                .body(Map.of("email", email, "password", password)).post("/users/login").then();
    }

    private static ValidatableResponse me(String token) {
        return given().header("Authorization", "Bearer " + token).get("/users/me").then();
    }

    private static JsonNode part(String token, int index) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[index]));
    }
}
