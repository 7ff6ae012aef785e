package homework.arch.user;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.github.tomakehurst.wiremock.WireMockServer;
import homework.arch.testsupport.BillingStub;
import homework.arch.testsupport.BillingStub.InjectBillingStub;
import homework.arch.testsupport.PublishedEvents;
import homework.arch.user.service.UserService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a registration stores, and registrations whose request failed after reserving them and whose client never came
 * back. Not rerun against the packaged app: these look into the service.
 */
@QuarkusTest
@WithTestResource(BillingStub.class)
class RegistrationTest {

    @InjectBillingStub
    WireMockServer billing;
    @Inject
    UserService users;

    @Test
    void thePasswordIsKeptOnlyAsASlowSaltedHashAndNeverShown() throws Throwable {
        UUID id = UUID.randomUUID();
        String body = UserResourceTest.register(Map.of("id", id.toString(), "name", "Quinn", "email",
                "quinn." + id + "@example.com", "password", "\u00e9".repeat(36))).statusCode(201).extract().asString();

        assertThat(body).doesNotContain("password").doesNotContain("\u00e9");
        String hash = VertxContextSupport.subscribeAndAwait(() -> users.find(id)).passwordHash();
        assertThat(hash).startsWith("$2a$10$").doesNotContain("\u00e9");
        UserResourceTest.getUser(id).statusCode(200).body(not(containsString("$2a$")));
    }

    @Test
    void aRegistrationWhoseClientGaveUpIsCompletedByTheReconciler() throws Throwable {
        billing.resetAll();
        billing.stubFor(post(UserResourceTest.ACCOUNTS).willReturn(aResponse().withStatus(503)));
        UUID id = UUID.randomUUID();
        String email = "pia." + id + "@example.com";
        UserResourceTest.register(Map.of("id", id.toString(), "name", "Pia", "email", email)).statusCode(503)
                .body("code", equalTo("billing_unavailable"));

        billing.resetAll();
        billing.stubFor(post(UserResourceTest.ACCOUNTS).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{}")));
        try (PublishedEvents events = PublishedEvents.on("users", "user.created")) {
            assertThat(VertxContextSupport.subscribeAndAwait(users::completeStalledRegistrations)).isPositive();

            UserResourceTest.getUser(id).statusCode(200).body("email", equalTo(email));
            events.first(PublishedEvents.withField("userId", id));
        }
        // A second run finds nothing left to do for it.
        VertxContextSupport.subscribeAndAwait(users::completeStalledRegistrations);
        // The reconciler has no user's token: it opens the account with user-service's own credential.
        billing.verify(1, UserResourceTest.accountOpenedFor(id).withBasicAuth(UserResourceTest.CREDENTIAL));
    }
}
