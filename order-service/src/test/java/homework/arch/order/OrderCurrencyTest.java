package homework.arch.order;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static homework.arch.order.OrderApi.PAYMENTS;
import static homework.arch.order.OrderApi.as;
import static homework.arch.order.OrderApi.assertBillingSawOnlyTheServiceCredential;
import static homework.arch.order.OrderApi.payments;
import static homework.arch.order.OrderApi.paymentsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import homework.arch.testsupport.BillingStub.InjectBillingStub;
import homework.arch.testsupport.PublishedEvents;
import io.restassured.http.ContentType;
import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The order flow in a deployment whose currency is not cents-based: the price keeps the currency's own minor units in
 * the answer, the payment asked of billing and the published event, and a price finer than the currency takes is
 * refused before anything is stored. Run for JPY (no minor unit) and KWD (three digits) by the subclasses.
 */
abstract class OrderCurrencyTest {

    // Decimals exactly as written: 10.250 stays 10.250.
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    @InjectBillingStub
    WireMockServer billing;

    /** For each currency tested: a price as a client sends it, as the currency renders it, and one too fine for it. */
    private record Example(String price, String rendered, String tooFine) {
    }

    private static final Map<String, Example> EXAMPLES = Map.of(
            "JPY", new Example("1500", "1500", "1500.5"),
            "KWD", new Example("10.25", "10.250", "10.255"));

    private String currency;
    private Example example;

    @BeforeEach
    void billingPays() {
        currency = ConfigProvider.getConfig().getValue("orders.currency", String.class);
        example = EXAMPLES.get(currency);
        billing.resetAll();
        billing.stubFor(payments().willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"paymentId\":\"" + UUID.randomUUID() + "\",\"amount\":" + example.rendered()
                        + ",\"currency\":\"" + currency + "\",\"status\":\"SUCCEEDED\"}")));
    }

    @AfterEach
    void billingWasCalledWithTheServiceCredentialOnly() {
        assertBillingSawOnlyTheServiceCredential(billing);
    }

    @Test
    void aPaidOrderKeepsTheMinorUnitsOfTheCurrencyEndToEnd() throws Exception {
        UUID id = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        try (PublishedEvents events = PublishedEvents.on("orders", "order.*")) {
            String answer = as(user).contentType(ContentType.JSON)
                    .body("{\"id\":\"" + id + "\",\"price\":" + example.price() + "}")
                    .post("/orders").then().statusCode(201)
                    .body("status", equalTo("PAID"))
                    .body("currency", equalTo(currency))
                    .extract().asString();

            BigDecimal rendered = new BigDecimal(example.rendered());
            assertThat(JSON.readTree(answer).get("price").decimalValue()).isEqualTo(rendered);
            // Only this order's: the reconciler may be paying orders other tests left pending.
            JsonNode payment = JSON.readTree(billing.findAll(postRequestedFor(urlEqualTo(PAYMENTS))
                    .withRequestBody(matchingJsonPath("$.orderId", WireMock.equalTo(id.toString()))))
                    .get(0).getBodyAsString());
            assertThat(payment.get("amount").decimalValue()).isEqualTo(rendered);
            JsonNode event = events.first(PublishedEvents.withField("orderId", id)).body();
            assertThat(event.get("amount").decimalValue()).isEqualByComparingTo(example.rendered());
            assertThat(event.get("currency").asText()).isEqualTo(currency);
            String read = as(user).get("/orders/{id}", id).then().statusCode(200).extract().asString();
            assertThat(JSON.readTree(read).get("price").decimalValue()).isEqualTo(rendered);
        }
    }

    @Test
    void aPriceFinerThanTheCurrencyTakesIsRefusedBeforeAnythingHappens() {
        UUID user = UUID.randomUUID();
        as(user).contentType(ContentType.JSON)
                .body(Map.of("userId", user.toString(), "price", new BigDecimal(example.tooFine())))
                .post("/orders").then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("validation_failed"))
                .body("violations.field", hasItem("price"));

        billing.verify(0, paymentsOf(user));
    }
}
