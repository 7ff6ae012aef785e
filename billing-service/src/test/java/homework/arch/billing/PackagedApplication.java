package homework.arch.billing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the packaged application under test (*IT) listens for management requests. Quarkus tells integration tests
 * only the HTTP port; the management port, random like every test port, is read from the application's log.
 */
public final class PackagedApplication {

    private static final Path LOG = Path.of("target", "quarkus.log");
    private static final Pattern MANAGEMENT = Pattern.compile("Management interface listening on (https?://\\S+?)\\.?\\s");

    private PackagedApplication() {
    }

    /** The URL of {@code path} below the management root ({@code /q/}) of the running packaged application. */
    public static String management(String path) {
        try {
            List<String> lines = Files.readAllLines(LOG);
            for (int i = lines.size() - 1; i >= 0; i--) {
                Matcher matcher = MANAGEMENT.matcher(lines.get(i) + " ");
                if (matcher.find()) {
                    return matcher.group(1).replace("0.0.0.0", "localhost") + "/q/" + path;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the packaged application's log " + LOG.toAbsolutePath(), e);
        }
        throw new IllegalStateException("The packaged application's log does not say where management listens");
    }
}
