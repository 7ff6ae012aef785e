package homework.arch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import homework.arch.deploy.Chart.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The images `make images` builds are the ones the chart runs, as the user the chart expects. */
class ImagesTest {

    @Test
    void theChartRunsTheImagesMakeImagesBuildsByDefault() throws IOException {
        String makefile = Files.readString(Repo.ROOT.resolve("Makefile"));
        String registry = match(makefile, "(?m)^REGISTRY \\?= (\\S+)$");
        List<String> modules = List.of(match(makefile, "(?m)^IMAGE_MODULES := (.+)$").split(" "));
        String appVersion = match(Files.readString(Repo.CHART.resolve("Chart.yaml")), "(?m)^appVersion: \"([^\"]+)\"$");
        // `make images` tags with the project version by default, and image.tag defaults to the appVersion.
        assertThat(appVersion).isEqualTo(match(Files.readString(Repo.ROOT.resolve("pom.xml")), "(?m)^  <version>([^<]+)</version>$"));

        List<JsonNode> deployments = Chart.render(Scenario.DEFAULTS).ofKind("Deployment").toList();
        assertThat(deployments.stream().map(Rendered::app)).containsExactlyInAnyOrderElementsOf(modules);
        deployments.forEach(deployment -> assertThat(Rendered.appContainer(deployment).path("image").asText())
                .isEqualTo(registry + "/" + Rendered.app(deployment) + ":" + appVersion));
    }

    @Test
    void eachServiceImageIsAPinnedJvmImageRunningAsThePodsUser() throws IOException {
        for (JsonNode deployment : Chart.render(Scenario.DEFAULTS).ofKind("Deployment").toList()) {
            Path dockerfile = Repo.module(Rendered.app(deployment)).resolve("src/main/docker/Dockerfile.jvm");
            String text = Files.readString(dockerfile);
            // The base is a build argument (scripts/images.sh may stand in another); its default must be pinned.
            assertThat(match(text, "(?m)^FROM (\\S+)$")).as("FROM of %s", dockerfile).isEqualTo("${BASE_IMAGE}");
            String base = match(text, "(?m)^ARG BASE_IMAGE=(\\S+)$");
            assertThat(base).as("base image of %s", dockerfile).matches("[^:@]+(/[^:@]+)*:[A-Za-z0-9_.-]+").doesNotEndWith(":latest");
            JsonNode pod = Rendered.podSpec(deployment).path("securityContext");
            assertThat(match(text, "(?m)^USER (\\S+)$")).as("user of %s", dockerfile)
                    .isEqualTo(pod.path("runAsUser").asText() + ":" + pod.path("runAsGroup").asText());
            assertThat(text).as("%s copies the quarkus-app layout", dockerfile)
                    .contains("target/quarkus-app/lib/", "target/quarkus-app/app/", "target/quarkus-app/quarkus/",
                            "/deployments/quarkus-run.jar");
        }
    }

    private static String match(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as("%s in the text", regex).isTrue();
        return matcher.group(1);
    }
}
