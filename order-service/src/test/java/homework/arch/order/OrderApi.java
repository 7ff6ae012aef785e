package homework.arch.order;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.BasicCredentials;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import homework.arch.testsupport.BillingStub;
import homework.arch.testsupport.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.restassured.response.ValidatableResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** The order API as the tests call it (as a user, with that user's access token) and billing's stub. */
final class OrderApi {

    /** billing's internal payment operation, which order-service calls with its own credential. */
    static final String PAYMENTS = "/internal/billing/payments";
    /** order-service's own credential for it (the test profile's billing-client.*). */
    static final BasicCredentials CREDENTIAL = BillingStub.credentialOf("order-service");

    private static final ObjectMapper JSON = new ObjectMapper();

    private OrderApi() {
    }

    /** A request made by {@code user}. */
    static RequestSpecification as(UUID user) {
        return given().header("Authorization", TestTokens.bearer(user));
    }

    static ValidatableResponse place(UUID caller, Map<String, Object> body) {
        return as(caller).contentType(ContentType.JSON).body(body).post("/orders").then();
    }

    static ValidatableResponse placeWithKey(UUID caller, String key, Map<String, Object> body) {
        return as(caller).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/orders").then();
    }

    /** An order of {@code user} placed and paid; its id. */
    static String placeFor(UUID user, int price) {
        return place(user, Map.of("price", price)).statusCode(201).extract().path("id");
    }

    /** billing as every test starts with it: it pays, and has seen no request yet. */
    static void billingPays(WireMockServer billing) {
        billing.resetAll();
        billing.stubFor(payments().willReturn(payment(201, "SUCCEEDED", null)));
    }

    /** billing's payment operation as billing serves it: to order-service's credential only. */
    static MappingBuilder payments() {
        return BillingStub.operation(PAYMENTS, CREDENTIAL);
    }

    static ResponseDefinitionBuilder payment(int status, String outcome, String reason) {
        Map<String, Object> body = new HashMap<>(Map.of("paymentId", UUID.randomUUID().toString(),
                "amount", 1, "currency", "USD", "status", outcome));
        if (reason != null) {
            body.put("reason", reason);
        }
        try {
            return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                    .withBody(JSON.writeValueAsString(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The payments billing was asked for on behalf of {@code user}, whatever credential they carried. */
    static RequestPatternBuilder paymentsOf(UUID user) {
        return postRequestedFor(urlEqualTo(PAYMENTS))
                .withRequestBody(matchingJsonPath("$.userId", WireMock.equalTo(user.toString())));
    }

    /** Whoever asked (a request, its retries, the reconciler), billing was called with order-service's credential. */
    static void assertBillingSawOnlyTheServiceCredential(WireMockServer billing) {
        assertThat(billing.findAll(anyRequestedFor(anyUrl()))).allSatisfy(request -> {
            assertThat(request.getUrl()).isEqualTo(PAYMENTS);
            assertThat(request.getHeader("Authorization")).isEqualTo(CREDENTIAL.asAuthorizationHeaderValue());
        });
    }
}
