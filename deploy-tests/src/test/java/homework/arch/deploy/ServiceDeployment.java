package homework.arch.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.stream.Stream;

/** A service's Deployment as rendered, with its container, the environment that container sees and its config. */
record ServiceDeployment(JsonNode deployment, JsonNode container, Map<String, String> env, ServiceConfig config) {

    static Stream<ServiceDeployment> all(Rendered rendered) {
        return rendered.ofKind("Deployment").map(deployment -> {
            JsonNode container = Rendered.appContainer(deployment);
            return new ServiceDeployment(deployment, container, rendered.environment(container),
                    ServiceConfig.of(Rendered.app(deployment)));
        });
    }

    /** The service whose pods a Kubernetes Service selects. */
    static ServiceDeployment behind(Rendered rendered, JsonNode kubernetesService) {
        JsonNode backend = rendered.backend(kubernetesService);
        return all(rendered).filter(s -> s.deployment().equals(backend)).findFirst()
                .orElseThrow(() -> new AssertionError(Rendered.name(kubernetesService) + " selects no service"));
    }

    String name() {
        return Rendered.name(deployment);
    }

    String app() {
        return Rendered.app(deployment);
    }

    int httpPort() {
        return Integer.parseInt(env.get("QUARKUS_HTTP_PORT"));
    }
}
