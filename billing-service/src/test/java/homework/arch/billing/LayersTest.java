package homework.arch.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Billing's packages depend inwards only: the entities and rules at the root, then repository, then service, then the
 * edges (api for REST, messaging for the command queue, which records the answers api renders). No package imports
 * one above it, so there is no cycle.
 */
class LayersTest {

    private static final Path SOURCES = Path.of("src/main/java/homework/arch/billing");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?homework\\.arch\\.billing\\.([a-z]+\\.)?"
            + "[A-Z]", Pattern.MULTILINE);
    private static final String ROOT = "(root)";

    /** The billing packages each package may import. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            ROOT, Set.of(),
            "config", Set.of(),
            "repository", Set.of(ROOT, "config"),
            "service", Set.of(ROOT, "config", "repository"),
            "api", Set.of(ROOT, "config", "service"),
            "messaging", Set.of(ROOT, "config", "service", "api"));

    @Test
    void noPackageImportsOneAboveIt() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            List<String> violations = files.filter(file -> file.toString().endsWith(".java"))
                    .flatMap(file -> violations(file).stream()).toList();

            assertThat(violations).isEmpty();
        }
    }

    @Test
    void everyPackageHasARule() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            assertThat(files.filter(Files::isDirectory).map(LayersTest::packageOf)).allMatch(ALLOWED::containsKey);
        }
    }

    private static List<String> violations(Path file) {
        String from = packageOf(file.getParent());
        try {
            Matcher imports = IMPORT.matcher(Files.readString(file));
            return imports.results()
                    .map(found -> found.group(1) == null ? ROOT : found.group(1).replace(".", ""))
                    .filter(to -> !to.equals(from) && !ALLOWED.get(from).contains(to))
                    .map(to -> SOURCES.relativize(file) + " imports " + to)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String packageOf(Path directory) {
        return directory.equals(SOURCES) ? ROOT : SOURCES.relativize(directory).toString();
    }
}
