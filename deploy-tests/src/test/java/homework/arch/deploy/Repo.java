package homework.arch.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the things under test live: the repository root, found from the module's working directory. */
final class Repo {

    static final Path ROOT = findRoot();
    static final Path CHART = ROOT.resolve("helm-chart");

    private Repo() {
    }

    static Path module(String name) {
        return ROOT.resolve(name);
    }

    private static Path findRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("helm-chart")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no helm-chart/ above " + Path.of("").toAbsolutePath());
    }
}
