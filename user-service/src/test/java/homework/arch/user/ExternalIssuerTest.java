package homework.arch.user;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import homework.arch.testsupport.BillingStub;
import homework.arch.testsupport.BillingStub.InjectBillingStub;
import homework.arch.testsupport.Problems;
import homework.arch.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An operator who lets an external OpenID Connect issuer (Keycloak, say) log users in: the built-in login is off, no
 * signing key is configured, and tokens are verified by the mp.jwt.verify.* settings alone. The tests' key stands in
 * for the issuer's.
 */
@QuarkusTest
@TestProfile(ExternalIssuerTest.ExternalIssuer.class)
@WithTestResource(BillingStub.class)
class ExternalIssuerTest {

    static final String ISSUER = "https://sso.example/realms/payments";
    static final String AUDIENCE = "payments-suite";

    public static class ExternalIssuer implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "users.login.enabled", "false",
                    // No key at all: with the login off, none is needed.
                    "%test.users.tokens.signing-key-location", "",
                    "%test.users.tokens.previous-public-key-locations", "",
                    "mp.jwt.verify.issuer", ISSUER,
                    "mp.jwt.verify.audiences", AUDIENCE);
        }
    }

    @InjectBillingStub
    WireMockServer billing;

    @BeforeEach
    void billingOpensAccounts() {
        billing.stubFor(post(UserResourceTest.ACCOUNTS).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{}")));
    }

    @Test
    void theBuiltInLoginAnswersThatItIsSwitchedOff() {
        UUID id = registered();

        Problems.problem(given().contentType(ContentType.JSON)
                        .body(Map.of("email", "ext." + id + "@example.com", "password", UserResourceTest.PASSWORD))
                        .post("/users/login").then(), 404, "login_disabled");
    }

    @Test
    void noKeyIsConfiguredAndNoneIsPublished() {
        assertThat(ConfigProvider.getConfig().getOptionalValue("users.tokens.signing-key-location", String.class))
                .isEmpty();
        Problems.problem(given().get("/users/.well-known/jwks.json").then(), 404, "login_disabled");
    }

    @Test
    void theIssuersTokensAreAcceptedAndNoneOfTheBuiltInLogin() {
        UUID id = registered();

        given().header("Authorization", "Bearer " + issuersToken(id)).get("/users/me").then().statusCode(200)
                .body("id", equalTo(id.toString()));
        given().header("Authorization", "Bearer " + issuersToken(id)).get("/users/{id}", id).then().statusCode(200);
        Problems.problem(given().header("Authorization", TestTokens.bearer(id)).get("/users/me").then(),
                401, "invalid_token");
    }

    /** Registration needs no token, as with the built-in login: the user's id is their subject at the issuer. */
    private static UUID registered() {
        UUID id = UUID.randomUUID();
        UserResourceTest.register(Map.of("id", id.toString(), "name", "Ext", "email", "ext." + id + "@example.com"))
                .statusCode(201);
        return id;
    }

    private static String issuersToken(UUID subject) {
        Instant now = Instant.now();
        try {
            return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(subject.toString()).issuedAt(now)
                    .expiresAt(now.plusSeconds(300)).claim("jti", UUID.randomUUID().toString())
                    .jws().keyId(TestTokens.kid("signing")).algorithm(SignatureAlgorithm.RS256)
                    .sign(KeyUtils.decodePrivateKey(TestTokens.file("signing-key.pem")));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
