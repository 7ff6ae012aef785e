package homework.arch.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** helm-chart/ rendered by helm-java's bundled helm (`helm template`, `helm lint --strict`). */
final class Chart {

    static final String RELEASE = "arch";
    static final String NAMESPACE = "payments";
    static final ObjectMapper YAML = new YAMLMapper();
    /**
     * helm-java's template prints the release manifest without the hooks, so the chart is rendered from a copy
     * whose hook annotation keys carry this prefix instead of helm.sh/hook: the `helm test` objects then render
     * as plain manifests and get every check the others get.
     */
    static final String HOOK_PREFIX = "rendered-as-manifest/hook";

    private static final Map<Scenario, Rendered> CACHE = new ConcurrentHashMap<>();
    private static Path hooksAsManifests;

    private Chart() {
    }

    /** The chart rendered with a scenario's values (rendered once per JVM). */
    static Rendered render(Scenario scenario) {
        return CACHE.computeIfAbsent(scenario, s -> render(s, Map.of()));
    }

    /** The chart rendered with a scenario's values and extra --set pairs. */
    static Rendered render(Scenario scenario, Map<String, Object> sets) {
        return new Rendered(parse(template(scenario, sets)));
    }

    /** The chart rendered with a scenario's values, then a second values file of src/test/resources/values/. */
    static Rendered render(Scenario scenario, String moreValues) {
        return new Rendered(parse(template(scenario, Map.of(), Repo.module("deploy-tests")
                .resolve("src/test/resources/values/" + moreValues))));
    }

    /** `helm template`'s output; throws what helm reports (schema violations, template errors). */
    static String template(Scenario scenario, Map<String, Object> sets) {
        return template(scenario, sets, null);
    }

    private static String template(Scenario scenario, Map<String, Object> sets, Path moreValues) {
        FakeCluster.start();
        TemplateCommand command = new Helm(hooksAsManifests()).template().withName(RELEASE).withNamespace(NAMESPACE);
        scenario.valuesFile().ifPresent(command::withValuesFile);
        if (moreValues != null) {
            command.withValuesFile(moreValues);
        }
        sets.forEach(command::set);
        return command.call();
    }

    /**
     * `helm lint --strict` with a scenario's values. helm-java's lint takes no values file, so a non-default
     * scenario lints a copy of the chart whose values.yaml is the chart's merged with the scenario's.
     */
    static LintResult lint(Scenario scenario) {
        Path chart = scenario.valuesFile().map(values -> {
            Path copy = copy(Repo.CHART);
            mergeValues(copy.resolve("values.yaml"), values);
            return copy;
        }).orElse(Repo.CHART);
        return new Helm(chart).lint().strict().call();
    }

    private static synchronized Path hooksAsManifests() {
        if (hooksAsManifests == null) {
            Path copy = copy(Repo.CHART);
            try (Stream<Path> files = Files.walk(copy.resolve("templates"))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.writeString(file, Files.readString(file).replace("helm.sh/hook", HOOK_PREFIX));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            hooksAsManifests = copy;
        }
        return hooksAsManifests;
    }

    /** A copy of the chart in a new temporary directory; symlinks are followed, as helm does. */
    private static Path copy(Path chart) {
        try {
            Path copy = Files.createTempDirectory("chart-").resolve(chart.getFileName().toString());
            try (Stream<Path> files = Files.walk(chart)) {
                for (Path source : files.toList()) {
                    Files.copy(source, copy.resolve(chart.relativize(source).toString()));
                }
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void mergeValues(Path valuesYaml, Path overrides) {
        try {
            ObjectNode values = (ObjectNode) YAML.readTree(valuesYaml.toFile());
            YAML.readerForUpdating(values).readValue(overrides.toFile());
            YAML.writeValue(valuesYaml.toFile(), values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> parse(String manifests) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(manifests)) {
            while (it.hasNext()) {
                JsonNode document = it.next();
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    documents.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    /** The value sets the tests render the chart with. */
    enum Scenario {
        /** values.yaml as shipped. */
        DEFAULTS(null),
        /** External PostgreSQL and RabbitMQ, autoscaling on, another host, registry, tag and database names. */
        EXTERNAL("external.yaml");

        private final String file;

        Scenario(String file) {
            this.file = file;
        }

        Optional<Path> valuesFile() {
            return Optional.ofNullable(file).map(f -> Repo.module("deploy-tests").resolve("src/test/resources/values/" + f));
        }
    }
}
