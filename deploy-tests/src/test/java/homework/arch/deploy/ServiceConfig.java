package homework.arch.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A service's src/main/resources/application.properties: the configuration names the service really has, in every
 * profile, and how Quarkus maps environment variables onto them.
 */
record ServiceConfig(String module, Map<String, String> properties) {

    /** An expression naming an environment variable: ${NAME} or ${NAME:default}. */
    // ${NAME} or ${NAME:default}, also nested in another's default: ${A:${B:}} names A and B, both with a default.
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:)?");

    /** The service's application.properties over the defaults every service takes from infra. */
    static ServiceConfig of(String module) {
        Properties properties = new Properties();
        load(properties, Repo.module("infra").resolve("src/main/resources/META-INF/microprofile-config.properties"));
        load(properties, Repo.module(module).resolve("src/main/resources/application.properties"));
        Map<String, String> all = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> all.put(name, properties.getProperty(name)));
        return new ServiceConfig(module, all);
    }

    private static void load(Properties properties, Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Property names with any `%profile.` prefix removed: what some profile of the service configures. */
    Set<String> names() {
        return properties.keySet().stream().map(ServiceConfig::withoutProfile).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The property an environment variable sets (SmallRye Config: the property name with every character other
     * than a letter or digit replaced by `_`, upper-cased), if the service configures it in some profile.
     */
    Optional<String> propertyOf(String envName) {
        return names().stream().filter(name -> envName(name).equals(envName)).findFirst();
    }

    /**
     * Whether the service reads an environment variable: it sets a property (see {@link #propertyOf}) or a property's
     * value names it, as in {@code quarkus.security.users.embedded.users.user-service=${BILLING_CALLER_USER_SERVICE_PASSWORD}}.
     */
    boolean reads(String envName) {
        return propertyOf(envName).isPresent() || properties.values().stream()
                .anyMatch(value -> variables(value).containsKey(envName));
    }

    /** Environment variables a production property names without a default: the service does not start without them. */
    Set<String> requiredVariables() {
        return properties.entrySet().stream()
                .filter(e -> !e.getKey().startsWith("%") || e.getKey().startsWith("%prod."))
                .flatMap(e -> variables(e.getValue()).entrySet().stream())
                .filter(variable -> !variable.getValue())
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The variables a value names, each with whether it has a default. */
    private static Map<String, Boolean> variables(String value) {
        Map<String, Boolean> variables = new TreeMap<>();
        for (Matcher m = VARIABLE.matcher(value); m.find(); ) {
            variables.merge(m.group(1), m.group(2) != null, Boolean::logicalAnd);
        }
        return variables;
    }

    static String envName(String property) {
        StringBuilder env = new StringBuilder(property.length());
        property.chars().forEach(c -> env.append(isAsciiLetterOrDigit(c) ? Character.toUpperCase((char) c) : '_'));
        return env.toString();
    }

    private static boolean isAsciiLetterOrDigit(int c) {
        return c < 128 && Character.isLetterOrDigit(c);
    }

    /** A property's value in the production profile (%prod. or no prefix), with Quarkus's default if unset. */
    String prod(String name, String defaultValue) {
        return properties.getOrDefault("%prod." + name, properties.getOrDefault(name, defaultValue));
    }

    /** Production properties whose value points at this machine: a deployment must override each of them. */
    Set<String> localAddresses() {
        return properties.entrySet().stream()
                .filter(e -> !e.getKey().startsWith("%") || e.getKey().startsWith("%prod."))
                .filter(e -> e.getValue().contains("127.0.0.1") || e.getValue().contains("localhost"))
                .map(e -> withoutProfile(e.getKey()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The paths of the health endpoints on the management interface: live, ready, started. */
    String healthPath(String probe) {
        String root = prod("quarkus.management.root-path", "/q").replaceAll("/$", "");
        String health = prod("quarkus.smallrye-health.root-path", "health");
        String leaf = prod("quarkus.smallrye-health." + probe + "-path", switch (probe) {
            case "liveness" -> "live";
            case "readiness" -> "ready";
            case "startup" -> "started";
            default -> throw new IllegalArgumentException(probe);
        });
        String path = health.startsWith("/") ? health : root + "/" + health;
        return leaf.startsWith("/") ? leaf : path + "/" + leaf;
    }

    private static String withoutProfile(String name) {
        return name.startsWith("%") ? name.substring(name.indexOf('.') + 1) : name;
    }
}
