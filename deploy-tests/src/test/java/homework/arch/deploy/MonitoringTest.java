package homework.arch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import homework.arch.deploy.Chart.Scenario;
import homework.arch.testsupport.PromQl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart's monitoring: the Grafana dashboard's ConfigMap, the PrometheusRule and the ServiceMonitor, and that
 * every metric the dashboard and the rules refer to is a meter the services declare (MetricsIT, in system-tests,
 * checks the same names against what the running services serve).
 */
class MonitoringTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SERVICES = List.of("billing-service", "notification-service", "order-service",
            "user-service");
    private static final Set<String> ALERTS = Set.of("OutboxEventsStuck", "MessagesDeadLettered", "LedgerInconsistent",
            "HighServerErrorRate", "PendingOrdersTooOld");
    private static final Map<String, Object> ALL_ON = Map.of("metrics.prometheusRule.enabled", "true",
            "metrics.serviceMonitor.enabled", "true");
    /** A dotted meter name as the services write it, e.g. "orders.settled". */
    private static final Pattern METER_LITERAL = Pattern.compile("\"([a-z][a-z0-9]*(?:\\.[a-z0-9]+)+)\"");

    @Test
    void theDashboardIsAConfigMapGrafanasSidecarLoads() throws IOException {
        JsonNode configMap = Chart.render(Scenario.DEFAULTS).get("ConfigMap", "arch-dashboard");

        assertThat(configMap.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
        JsonNode dashboard = JSON.readTree(configMap.at("/data/arch-homework-payments.json").asText());
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(dashboard.path("title").asText()).isNotBlank();
        List<JsonNode> graphs = Rendered.elements(dashboard.path("panels"))
                .filter(panel -> !"row".equals(panel.path("type").asText())).toList();
        assertThat(graphs).hasSizeGreaterThan(10).allSatisfy(panel -> {
            assertThat(panel.path("title").asText()).isNotBlank();
            assertThat(panel.path("targets")).isNotEmpty();
            assertThat(panel.at("/datasource/uid").asText()).isEqualTo("${datasource}");
        });
        assertThat(PromQl.expressions(dashboard)).allSatisfy(MonitoringTest::plausiblePromQl);
    }

    @Test
    void theDashboardsLabelIsConfigurableAndItCanBeLeftOut() {
        Rendered relabelled = Chart.render(Scenario.DEFAULTS, Map.of("metrics.dashboard.label", "dashboards",
                "metrics.dashboard.labelValue", "payments", "metrics.dashboard.annotations.grafana_folder", "Payments"));
        JsonNode configMap = relabelled.get("ConfigMap", "arch-dashboard");
        assertThat(configMap.at("/metadata/labels/dashboards").asText()).isEqualTo("payments");
        assertThat(configMap.at("/metadata/labels/grafana_dashboard").isMissingNode()).isTrue();
        assertThat(configMap.at("/metadata/annotations/grafana_folder").asText()).isEqualTo("Payments");

        assertThat(Chart.render(Scenario.DEFAULTS, Map.of("metrics.dashboard.enabled", "false"))
                .find("ConfigMap", "arch-dashboard")).isEmpty();
    }

    @Test
    void theOperatorsObjectsAreRenderedOnlyWhenAskedFor() {
        Rendered defaults = Chart.render(Scenario.DEFAULTS);
        assertThat(defaults.ofKind("PrometheusRule")).isEmpty();
        assertThat(defaults.ofKind("ServiceMonitor")).isEmpty();

        Rendered on = Chart.render(Scenario.DEFAULTS, ALL_ON);
        assertThat(on.ofKind("PrometheusRule")).hasSize(1);
        assertThat(on.ofKind("ServiceMonitor")).hasSize(1);
    }

    @Test
    void theRulesAlertOnEveryNamedConditionWithTheValuesThresholds() {
        JsonNode rule = Chart.render(Scenario.DEFAULTS, Map.of("metrics.prometheusRule.enabled", "true",
                "metrics.prometheusRule.labels.release", "monitoring",
                "metrics.prometheusRule.outboxOldestSeconds", "90")).get("PrometheusRule", "arch-alerts");

        assertThat(rule.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.at("/metadata/labels/release").asText()).isEqualTo("monitoring");
        Map<String, JsonNode> alerts = Rendered.elements(rule.at("/spec/groups"))
                .flatMap(group -> Rendered.elements(group.path("rules")))
                .collect(Collectors.toMap(r -> r.path("alert").asText(), r -> r));
        assertThat(alerts.keySet()).isEqualTo(ALERTS);
        alerts.values().forEach(alert -> {
            plausiblePromQl(alert.path("expr").asText());
            assertThat(alert.at("/labels/severity").asText()).isIn("warning", "critical");
            assertThat(alert.at("/annotations/summary").asText()).isNotBlank().doesNotContain("{{");
        });
        assertThat(expr(alerts, "OutboxEventsStuck")).contains("outbox_oldest_age_seconds").endsWith("> 90");
        assertThat(expr(alerts, "MessagesDeadLettered")).contains("increase(messages_dead_lettered_total").endsWith("> 0");
        assertThat(expr(alerts, "LedgerInconsistent")).contains("billing_ledger_consistent").endsWith("== 0");
        assertThat(expr(alerts, "HighServerErrorRate")).contains("status=~\"5..\"").endsWith("> 0.05");
        assertThat(expr(alerts, "PendingOrdersTooOld")).contains("orders_pending_oldest_age_seconds").endsWith("> 300");
    }

    @Test
    void theServiceMonitorScrapesEveryServicesManagementPort() {
        Rendered rendered = Chart.render(Scenario.DEFAULTS, Map.of("metrics.serviceMonitor.enabled", "true",
                "metrics.serviceMonitor.labels.release", "monitoring"));
        JsonNode monitor = rendered.get("ServiceMonitor", "arch-services");

        assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("monitoring");
        JsonNode endpoint = monitor.at("/spec/endpoints/0");
        assertThat(endpoint.path("path").asText()).isEqualTo("/q/metrics");
        List<JsonNode> selected = rendered.ofKind("Service").filter(service -> selects(monitor, service)).toList();
        assertThat(selected).map(Rendered::app).containsExactlyInAnyOrderElementsOf(SERVICES);
        for (JsonNode service : selected) {
            JsonNode container = Rendered.appContainer(rendered.backend(service));
            assertThat(rendered.targetPort(service, endpoint.path("port")))
                    .isEqualTo(Rendered.containerPort(container, JSON.getNodeFactory().textNode("management")));
        }
    }

    @Test
    void everyMetricTheDashboardAndTheRulesUseIsAMeterTheServicesDeclare() throws IOException {
        Set<String> used = new TreeSet<>(PromQl.metricNames(JSON.readTree(Repo.CHART.resolve(
                "files/grafana-dashboard.json").toFile())));
        used.addAll(PromQl.metricNames(Chart.YAML.readTree(Repo.CHART.resolve("files/prometheus-alerts.yaml")
                .toFile())));
        Set<String> declared = declaredMeters();

        assertThat(used).contains("http_server_requests_seconds_bucket", "outbox_oldest_age_seconds",
                "messages_dead_lettered_total", "billing_ledger_consistent", "orders_pending_oldest_age_seconds");
        assertThat(used).allSatisfy(name -> assertThat(declared).as("the meter behind %s", name)
                .contains(PromQl.meterName(name)));
    }

    @Test
    void metricNamesAreReadOutOfPromQl() {
        assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (job, le) (rate(a_seconds_bucket{uri=~\"/x\","
                + "namespace=~\"$namespace\"}[$__rate_interval]))) / on (job) group_left b_total > 1e3 and c offset 5m"
                + " > {{ .Values.metrics.limit }}")).containsExactlyInAnyOrder("a_seconds_bucket", "b_total", "c");
        assertThat(PromQl.meterName("http_server_requests_seconds_count")).isEqualTo("http.server.requests");
        assertThat(PromQl.meterName("orders_settled_total")).isEqualTo("orders.settled");
        assertThat(PromQl.meterName("outbox_backlog")).isEqualTo("outbox.backlog");
    }

    /** Balanced brackets, no template action left, and an answer of some kind (a comparison for a rule). */
    private static void plausiblePromQl(String expression) {
        assertThat(expression).as(expression).doesNotContain("{{").isNotBlank();
        String bare = expression.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
        for (String pair : List.of("()", "[]", "{}")) {
            int depth = 0;
            for (char c : bare.toCharArray()) {
                depth += c == pair.charAt(0) ? 1 : c == pair.charAt(1) ? -1 : 0;
                assertThat(depth).as("%s in %s", pair, expression).isNotNegative();
            }
            assertThat(depth).as("%s in %s", pair, expression).isZero();
        }
        assertThat(PromQl.metricNames(expression)).as(expression).isNotEmpty();
    }

    private static String expr(Map<String, JsonNode> alerts, String name) {
        return alerts.get(name).path("expr").asText().strip();
    }

    private static boolean selects(JsonNode monitor, JsonNode service) {
        JsonNode labels = service.at("/metadata/labels");
        JsonNode selector = monitor.at("/spec/selector");
        boolean labelsMatch = selector.path("matchLabels").properties().stream()
                .allMatch(e -> e.getValue().asText().equals(labels.path(e.getKey()).asText()));
        boolean expressionsMatch = Rendered.elements(selector.path("matchExpressions")).allMatch(e ->
                "In".equals(e.path("operator").asText()) && Rendered.elements(e.path("values"))
                        .anyMatch(v -> v.asText().equals(labels.path(e.path("key").asText()).asText())));
        return labelsMatch && expressionsMatch;
    }

    /**
     * The dotted names in the main sources of the services and of infra that use Micrometer: every meter they
     * register (and a few other dotted strings, which do no harm here), plus Quarkus's HTTP server timer.
     */
    private static Set<String> declaredMeters() {
        Set<String> meters = new TreeSet<>();
        for (String module : List.of("infra", "user-service", "billing-service", "order-service",
                "notification-service")) {
            try (Stream<Path> files = Files.walk(Repo.module(module).resolve("src/main/java"))) {
                files.filter(f -> f.toString().endsWith(".java")).map(MonitoringTest::read)
                        .filter(source -> source.contains("io.micrometer"))
                        .forEach(source -> {
                            Matcher literal = METER_LITERAL.matcher(source);
                            while (literal.find()) {
                                meters.add(literal.group(1));
                            }
                        });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return meters;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
