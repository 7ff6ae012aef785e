package homework.arch.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.BasicCredentials;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/** A stand-in for billing-service on a random port, so tests can make it fail, stall or answer as they need. */
public class BillingStub implements QuarkusTestResourceLifecycleManager {

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        return Map.of("quarkus.rest-client.billing.url", server.baseUrl());
    }

    /** The credential {@code service} calls billing with in its test profile ({@code %test.billing-client.*}). */
    public static BasicCredentials credentialOf(String service) {
        return new BasicCredentials(service, "test-only-" + service + "-credential");
    }

    /**
     * billing's internal operation at {@code path} as billing serves it: to the caller's own credential only; any
     * other request gets WireMock's 404, which the caller takes as a rejection.
     */
    public static MappingBuilder operation(String path, BasicCredentials caller) {
        return post(urlEqualTo(path)).withBasicAuth(caller.username, caller.password);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectBillingStub.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectBillingStub {
    }
}
