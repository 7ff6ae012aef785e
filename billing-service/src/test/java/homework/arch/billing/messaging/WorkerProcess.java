package homework.arch.billing.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged application ({@code target/quarkus-app/quarkus-run.jar}) as an operating-system process of its own,
 * with random HTTP and management ports, which are read from its log.
 */
final class WorkerProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Pattern HTTP = Pattern.compile("Listening on: https?://[^:\\s]+:(\\d+)");
    private static final Pattern MANAGEMENT = Pattern.compile("Management interface listening on https?://[^:\\s]+:(\\d+)");
    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final int START_ATTEMPTS = 5;
    private static final Duration BETWEEN_STARTS = Duration.ofSeconds(5);
    // Enough for the consumer's workers, the relay and the jobs; PostgreSQL's connection slots are shared by every
    // process on this machine.
    private static final int POOL = 10;

    private final String name;
    private final Process process;
    private final Path log;
    private int httpPort;
    private int managementPort;

    private WorkerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the jar with these profiles, consuming {@code commandQueue}, and returns once it listens. An instance that exits while starting is
     * started again, as an orchestrator would: on this shared machine PostgreSQL may be out of connection slots for a
     * moment.
     */
    static WorkerProcess start(String name, String profiles, String commandQueue) {
        for (int attempt = 1;; attempt++) {
            try {
                return startOnce(name, profiles, commandQueue);
            } catch (Exited exited) {
                if (attempt == START_ATTEMPTS) {
                    throw exited;
                }
                System.err.println(exited.getMessage() + "; starting it again in " + BETWEEN_STARTS);
                pause(BETWEEN_STARTS);
            }
        }
    }

    private static WorkerProcess startOnce(String name, String profiles, String commandQueue) {
        Path log = Path.of("target", name + ".log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-Dquarkus.profile=" + profiles, "-Dquarkus.datasource.reactive.max-size=" + POOL,
                "-Dcommands-queue.name=" + commandQueue, "-Dquarkus.http.port=0", "-Dquarkus.management.port=0",
                "-jar", JAR.toString());
        WorkerProcess worker;
        try {
            worker = new WorkerProcess(name, new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            worker.awaitListening();
            return worker;
        } catch (IOException | RuntimeException e) {
            worker.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    String url(String path) {
        return "http://localhost:" + httpPort + path;
    }

    String managementUrl(String path) {
        return "http://localhost:" + managementPort + "/q/" + path;
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no goodbye to the broker or the database. */
    void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            awaitExit();
        }
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void awaitListening() throws IOException {
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            String output = Files.readString(log);
            Matcher http = HTTP.matcher(output);
            Matcher management = MANAGEMENT.matcher(output);
            if (http.find() && management.find()) {
                httpPort = Integer.parseInt(http.group(1));
                managementPort = Integer.parseInt(management.group(1));
                return;
            }
            if (!process.isAlive()) {
                throw new Exited(name + " exited while starting; see " + log.toAbsolutePath());
            }
            pause(Duration.ofMillis(200));
        }
        throw new IllegalStateException(name + " did not start in " + STARTUP + "; see " + log.toAbsolutePath());
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a worker", e);
        }
    }

    private static final class Exited extends IllegalStateException {

        Exited(String message) {
            super(message);
        }
    }
}
