package homework.arch.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;

import io.restassured.config.RestAssuredConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The stack under test and where it lives. The defaults are the local stack of {@code scripts/stack.sh}; every
 * address can be changed with a system property ({@code -Dsystem-tests.base-url=…} on the Maven command line).
 */
public final class Stack {

    /** The ingress: every API call goes through it, with the same path rules as the Kubernetes Ingress. */
    public static final String BASE_URL = setting("base-url", "http://localhost:8080");

    /** billing-service's own HTTP port, behind the ingress: where its internal operations are served. */
    public static final String BILLING_URL = setting("billing-url", "http://localhost:8082");

    /** The four services, each with its management interface (health, metrics), which the ingress does not route. */
    public enum Service {
        USER("user-service", 9081),
        BILLING("billing-service", 9082),
        ORDER("order-service", 9083),
        NOTIFICATION("notification-service", 9084);

        private final String name;
        private final String managementUrl;

        Service(String name, int managementPort) {
            this.name = name;
            this.managementUrl = setting(name + ".management-url", "http://localhost:" + managementPort);
        }

        public String serviceName() {
            return name;
        }

        public String managementUrl() {
            return managementUrl;
        }

        public boolean ready() {
            try {
                return given().config(RestAssuredConfig.config().httpClient(Api.timeouts(Duration.ofSeconds(2))))
                        .baseUri(managementUrl).get("/q/health/ready").statusCode() == 200;
            } catch (Exception unreachable) {
                // rest-assured throws the connection's IOException without declaring it.
                return false;
            }
        }

        @Override
        public String toString() {
            return name + " (" + managementUrl + ")";
        }
    }

    private Stack() {
    }

    /** Waits until every service reports ready, naming the ones that do not. */
    public static void awaitReady(Duration atMost) {
        await("every service ready (is the stack running? `make run`)").atMost(atMost)
                .pollInterval(Duration.ofMillis(500))
                .until(Stack::notReady, empty());
    }

    public static List<Service> notReady() {
        return Arrays.stream(Service.values()).filter(service -> !service.ready()).toList();
    }

    /** The local stack's folder (.run of the checkout: in the working directory or a folder above it). */
    static Path runDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(".run"))) {
                return dir.resolve(".run");
            }
        }
        return Path.of(".run");
    }

    static String setting(String name, String defaultValue) {
        return System.getProperty("system-tests." + name, defaultValue);
    }
}
