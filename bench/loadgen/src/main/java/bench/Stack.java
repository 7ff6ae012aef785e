package bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The running local stack (scripts/stack.sh) as the bench sees it: its processes (from the pid files), their
 * management ports, and copies of a service started exactly like the running one (its command line and environment,
 * read from /proc) on other ports.
 */
final class Stack {

    record Service(String name, int port, int managementPort, String database) {
    }

    static final List<Service> SERVICES = List.of(
            new Service("user-service", 8081, 9081, "users"),
            new Service("billing-service", 8082, 9082, "billing"),
            new Service("order-service", 8083, 9083, "orders"),
            new Service("notification-service", 8084, 9084, "notifications"));

    private static final Pattern STARTED_IN = Pattern.compile("started in (\\d+\\.\\d+)s");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Settings settings;

    Stack(Settings settings) {
        this.settings = settings;
    }

    static Service service(String name) {
        return SERVICES.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    long pid(Service service) {
        return pidFile(settings.runDir().resolve(service.name() + ".pid"))
                .orElseThrow(() -> new IllegalStateException(service.name() + " is not running (no pid file in "
                        + settings.runDir() + "); start the stack with scripts/stack.sh run"));
    }

    OptionalLong nginxPid() {
        return pidFile(settings.runDir().resolve("nginx/nginx.pid"));
    }

    Path log(Service service) {
        return settings.runDir().resolve(service.name() + ".log");
    }

    /** The RabbitMQ virtual host the running billing-service uses (stack.sh passes RABBITMQ_VIRTUAL_HOST through). */
    String virtualHost() {
        return environment(pid(service("billing-service"))).getOrDefault("RABBITMQ_VIRTUAL_HOST", "/");
    }

    /** What the running stack was started with (JAVA_OPTS live in the command line). */
    String commandLine(Service service) {
        return String.join(" ", commandLine(pid(service)));
    }

    /**
     * The java and the JVM options a running service was started with, for another program to run under the same
     * settings (compiler, collector, heap); without its startup archive (AOT cache, CDS), which belongs to its jar.
     */
    List<String> jvm(Service service) {
        List<String> commandLine = commandLine(pid(service));
        List<String> jvm = new ArrayList<>(List.of(commandLine.get(0)));
        for (String arg : commandLine.subList(1, commandLine.size())) {
            if (!arg.startsWith("-") || arg.equals("-jar") || arg.equals("-cp") || arg.equals("-classpath")) {
                break;
            }
            if (!arg.startsWith("-XX:AOT") && !arg.startsWith("-XX:SharedArchiveFile") && !arg.startsWith("-Xshare")) {
                jvm.add(arg);
            }
        }
        return jvm;
    }

    static boolean ready(int managementPort) {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /**
     * Service instances outside this stack that use its databases (another engineer's copy, say): their outbox relays
     * take this stack's rows too and publish them to their own broker settings, so results and letters go astray.
     */
    List<String> foreignInstances(java.util.Collection<Long> own) {
        List<String> found = new ArrayList<>();
        List<String> urls = SERVICES.stream().map(s -> "/" + s.database()).toList();
        try (java.util.stream.Stream<Path> proc = Files.list(Path.of("/proc"))) {
            for (Path dir : proc.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                long pid = Long.parseLong(dir.getFileName().toString());
                if (own.contains(pid) || SERVICES.stream().anyMatch(s -> pidOrZero(s) == pid)) {
                    continue;
                }
                try {
                    Map<String, String> env = environment(pid);
                    String url = env.getOrDefault("QUARKUS_DATASOURCE_REACTIVE_URL", "");
                    if (urls.stream().anyMatch(url::endsWith)) {
                        found.add("pid " + pid + " in " + Path.of("/proc/" + pid + "/cwd").toRealPath() + " on "
                                + url.substring(url.lastIndexOf('/') + 1) + " (virtual host "
                                + env.getOrDefault("RABBITMQ_VIRTUAL_HOST", "/") + ")");
                    }
                } catch (IOException | UncheckedIOException gone) {
                    // ended meanwhile, or not ours to read
                }
            }
        } catch (IOException e) {
            // no /proc: nothing to say
        }
        return found;
    }

    private long pidOrZero(Service service) {
        return pidFile(settings.runDir().resolve(service.name() + ".pid")).orElse(0);
    }

    /** A second instance of a running service, started like it, on free ports; stop it with {@link Copy#close()}. */
    Copy startCopy(Service service, Path log) throws IOException {
        long original = pid(service);
        Map<String, String> env = environment(original);
        int managementPort = freePort();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(freePort()));
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        ProcessBuilder builder = new ProcessBuilder(commandLine(original))
                .directory(Path.of("/proc/" + original + "/cwd").toRealPath().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process process = builder.start();
        return new Copy(service, process, managementPort, log, start);
    }

    /**
     * What scripts/stack.sh needs to start a service again as it runs now: the environment it runs in (stack.sh hands
     * its own environment on to the services it launches, and sets their ports, databases and credentials over it),
     * and its java and JVM options as stack.sh's SERVICE_JAVA_HOME and JAVA_OPTS (without the startup archive, which
     * stack.sh adds itself).
     */
    Map<String, String> startEnvironment(Service service) {
        Map<String, String> env = environment(pid(service));
        List<String> jvm = jvm(service);
        String java = jvm.get(0);
        env.put("SERVICE_JAVA_HOME", java.endsWith("/bin/java") ? java.substring(0, java.length() - 9) : "");
        env.put("JAVA_OPTS", String.join(" ", jvm.subList(1, jvm.size())));
        env.put("RUN_DIR", settings.runDir().toString());
        return env;
    }

    static final class Copy implements AutoCloseable {
        final Service service;
        final Process process;
        final int managementPort;
        final Path log;
        private final long startNanos;
        long readyMillis = -1;

        private Copy(Service service, Process process, int managementPort, Path log, long startNanos) {
            this.service = service;
            this.process = process;
            this.managementPort = managementPort;
            this.log = log;
            this.startNanos = startNanos;
        }

        /** Polls readiness every 20 ms: the time from spawning the JVM to the first 200 of /q/health/ready. */
        long awaitReady(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(service.name() + " copy exited while starting; see " + log);
                }
                if (ready(managementPort)) {
                    readyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
                    return readyMillis;
                }
                Thread.sleep(20);
            }
            throw new IllegalStateException(service.name() + " copy not ready after " + timeout + "; see " + log);
        }

        ObjectNode startup() {
            return Json.object().put("readyMs", readyMillis).put("quarkusStartedInSeconds", quarkusStartedInSeconds());
        }

        /** Quarkus' own figure from its log ("started in 1.234s"), or -1. */
        double quarkusStartedInSeconds() {
            try {
                Matcher matcher = STARTED_IN.matcher(Files.readString(log, StandardCharsets.UTF_8));
                return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
            } catch (IOException e) {
                return -1;
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static OptionalLong pidFile(Path file) {
        try {
            long pid = Long.parseLong(Files.readString(file).trim());
            return Files.exists(Path.of("/proc/" + pid)) ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static List<String> commandLine(long pid) {
        return nulSeparated(Path.of("/proc/" + pid + "/cmdline"));
    }

    static Map<String, String> environment(long pid) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : nulSeparated(Path.of("/proc/" + pid + "/environ"))) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return env;
    }

    static List<String> nulSeparated(Path file) {
        try {
            String content = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            return new ArrayList<>(Arrays.stream(content.split("\0")).filter(s -> !s.isEmpty()).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
