package homework.arch.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import homework.arch.deploy.Chart.Scenario;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every service verifies access tokens itself, against the public keys of their issuer: user-service's published JWK
 * Set, or an external OpenID Connect issuer's when the values name one (user-service's login then off).
 */
class TokenVerificationTest {

    private static final String JWKS = "MP_JWT_VERIFY_PUBLICKEY_LOCATION";
    private static final String ISSUER = "MP_JWT_VERIFY_ISSUER";
    private static final String AUDIENCES = "MP_JWT_VERIFY_AUDIENCES";
    private static final String LOGIN = "USERS_LOGIN_ENABLED";

    @Test
    void everyServiceFetchesTheKeysUserServicePublishes() {
        Rendered rendered = Chart.render(Scenario.DEFAULTS);
        assertThat(ServiceDeployment.all(rendered)).hasSize(4).allSatisfy(service -> {
            assertThat(service.env()).as("environment of %s", service.name()).containsKey(JWKS);
            URI jwks = URI.create(service.env().get(JWKS));
            assertThat(jwks.getScheme()).isEqualTo("http");
            assertThat(jwks.getPath()).as("JWK Set of %s", service.name()).isEqualTo("/users/.well-known/jwks.json");
            if (service.app().equals("user-service")) {
                // It asks itself: its own keys, whatever the Service's endpoints.
                assertThat(jwks.getHost()).isEqualTo("localhost");
                assertThat(jwks.getPort()).isEqualTo(service.httpPort());
            } else {
                JsonNode kubernetesService = rendered.get("Service", jwks.getHost());
                ServiceDeployment publisher = ServiceDeployment.behind(rendered, kubernetesService);
                assertThat(publisher.app()).as("JWK Set of %s served by", service.name()).isEqualTo("user-service");
                assertThat(rendered.targetPort(kubernetesService, IntNode.valueOf(jwks.getPort())))
                        .as("port of the JWK Set of %s", service.name()).isEqualTo(publisher.httpPort());
            }
            // The issuer and audience stay the services' own: user-service's tokens; its login stays on.
            assertThat(service.env()).doesNotContainKeys(ISSUER, AUDIENCES, LOGIN);
            assertThat(rendered.configMapData(service.name())).containsKey(JWKS);
        });
    }

    @Test
    void anExternalIssuerIsWhatEveryServiceVerifiesWithTheBuiltInLoginOff() {
        Rendered rendered = Chart.render(Scenario.EXTERNAL);
        assertThat(ServiceDeployment.all(rendered)).hasSize(4).allSatisfy(service -> {
            Map<String, String> expected = Map.of(
                    ISSUER, "https://keycloak.example.org/realms/payments",
                    JWKS, "https://keycloak.example.org/realms/payments/protocol/openid-connect/certs",
                    AUDIENCES, "payments-api");
            // Settings, not secrets: in the service's ConfigMap.
            assertThat(rendered.configMapData(service.name())).as("ConfigMap of %s", service.name())
                    .containsAllEntriesOf(expected);
            assertThat(service.env()).as("environment of %s", service.name()).containsAllEntriesOf(expected);
            if (service.app().equals("user-service")) {
                assertThat(service.env()).containsEntry(LOGIN, "false");
            } else {
                assertThat(service.env()).doesNotContainKey(LOGIN);
            }
        });
    }

    @Test
    void anExternalIssuerNeedsItsAddresses() {
        assertThatThrownBy(() -> Chart.template(Scenario.DEFAULTS, Map.of("tokens.externalIssuer.enabled", "true")))
                .hasMessageContaining("tokens.externalIssuer");
        assertThatThrownBy(() -> Chart.template(Scenario.DEFAULTS, Map.of("tokens.externalIssuer.enabled", "true",
                "tokens.externalIssuer.issuer", "https://id.example.org", "tokens.externalIssuer.jwksUrl", "not a url")))
                .hasMessageContaining("tokens.externalIssuer.jwksUrl");
    }
}
