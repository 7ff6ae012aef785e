package homework.arch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import homework.arch.deploy.Chart.Scenario;
import homework.arch.deploy.NetworkPolicies.Endpoint;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the services send their spans and how many, how they log, and that the NetworkPolicies let the spans out. */
class TracingAndLogsTest {

    private static final String COLLECTOR = "http://otel-collector.monitoring:4317";
    private static final Endpoint COLLECTOR_POD = Endpoint.pod("otel-collector", "monitoring",
            Map.of("app.kubernetes.io/name", "otel-collector"), Map.of());
    private static final Endpoint COLLECTOR_ELSEWHERE = Endpoint.pod("otel-collector", "tenant",
            Map.of("app.kubernetes.io/name", "otel-collector"), Map.of());

    @Test
    void withoutAnEndpointNoServiceExportsSpansNorMayReachACollector() {
        Rendered rendered = Chart.render(Scenario.DEFAULTS);
        NetworkPolicies policies = NetworkPolicies.of(rendered);
        Map<String, Endpoint> pods = NetworkPolicies.pods(rendered);

        ServiceDeployment.all(rendered).forEach(service -> {
            assertThat(service.env()).as(service.name()).doesNotContainKeys("OTEL_EXPORTER_OTLP_ENDPOINT",
                    "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_TRACES_SAMPLER_ARG");
            assertThat(policies.allows(pods.get(service.name()), COLLECTOR_POD, 4317, "TCP")).as(service.name())
                    .isFalse();
        });
    }

    @Test
    void everyServiceExportsToTheEndpointAndMayReachItsPortInTheMonitoringNamespaceOnly() {
        Rendered rendered = Chart.render(Scenario.DEFAULTS, Map.of("tracing.otlp.endpoint", COLLECTOR));
        NetworkPolicies policies = NetworkPolicies.of(rendered);
        Map<String, Endpoint> pods = NetworkPolicies.pods(rendered);

        assertThat(ServiceDeployment.all(rendered)).hasSize(4).allSatisfy(service -> {
            assertThat(service.env()).as(service.name())
                    .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", COLLECTOR)
                    .containsEntry("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
                    .containsEntry("OTEL_TRACES_SAMPLER_ARG", "1");
            Endpoint pod = pods.get(service.name());
            assertThat(policies.allows(pod, COLLECTOR_POD, 4317, "TCP")).as(service.name()).isTrue();
            assertThat(policies.allows(pod, COLLECTOR_POD, 4318, "TCP")).as(service.name()).isFalse();
            assertThat(policies.allows(pod, COLLECTOR_ELSEWHERE, 4317, "TCP")).as(service.name()).isFalse();
        });
    }

    @Test
    void anEndpointWithoutAPortIsReachedOnItsProtocolsDefaultPort() {
        Rendered rendered = Chart.render(Scenario.DEFAULTS, Map.of("tracing.otlp.endpoint",
                "http://otel-collector.monitoring", "tracing.otlp.protocol", "http/protobuf"));
        NetworkPolicies policies = NetworkPolicies.of(rendered);

        NetworkPolicies.pods(rendered).entrySet().stream().filter(e -> e.getKey().endsWith("-service"))
                .forEach(e -> assertThat(policies.allows(e.getValue(), COLLECTOR_POD, 4318, "TCP")).as(e.getKey())
                        .isTrue());
    }

    @Test
    void servicesLogJsonLinesUnlessTheValuesSayPlain() {
        assertThat(ServiceDeployment.all(Chart.render(Scenario.DEFAULTS)))
                .allSatisfy(service -> assertThat(service.env())
                        .containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true"));
        assertThat(ServiceDeployment.all(Chart.render(Scenario.EXTERNAL)))
                .allSatisfy(service -> assertThat(service.env())
                        .containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false")
                        .containsEntry("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                        .containsEntry("OTEL_TRACES_SAMPLER_ARG", "0.25"));
    }
}
