package homework.arch.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The RabbitMQ broker the stack uses, and a way to take it away. By default the local node is controlled with
 * {@code rabbitmqctl stop_app} / {@code start_app}: the Erlang node keeps running, the AMQP listener and every
 * connection go away, the durable queues and their messages stay. Other brokers need other commands
 * ({@code -Dsystem-tests.broker.stop-command="docker exec rabbitmq rabbitmqctl stop_app"}).
 */
public final class Broker {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final List<String> stopCommand = command("broker.stop-command", "rabbitmqctl stop_app");
    private final List<String> startCommand = command("broker.start-command", "rabbitmqctl start_app");
    private final String host = Stack.setting("broker.host", "127.0.0.1");
    private final int port = Integer.parseInt(Stack.setting("broker.port", "5672"));

    /**
     * Stops the broker; closing the returned outage starts it again. Use it in try-with-resources: the broker is
     * shared with everything else on the machine, so it must come back whatever the test does, and a JVM that exits
     * during the outage starts it on its way out.
     */
    public Outage stop() {
        Thread startOnExit = new Thread(() -> run(startCommand), "start the broker on exit");
        Runtime.getRuntime().addShutdownHook(startOnExit);
        try {
            run(stopCommand);
        } catch (RuntimeException e) {
            // It may have stopped halfway: never leave the shared broker down.
            Runtime.getRuntime().removeShutdownHook(startOnExit);
            try {
                run(startCommand);
            } catch (RuntimeException notStarted) {
                e.addSuppressed(notStarted);
            }
            throw e;
        }
        return new Outage(Instant.now(), startOnExit);
    }

    /** Whether the AMQP port takes connections: false while the broker is stopped. */
    public boolean acceptsConnections() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    public final class Outage implements AutoCloseable {

        private final Instant since;
        private final Thread startOnExit;
        private boolean over;

        private Outage(Instant since, Thread startOnExit) {
            this.since = since;
            this.startOnExit = startOnExit;
        }

        /** Lets the outage go on until it has lasted {@code length}. */
        public void lastUntil(Duration length) throws InterruptedException {
            Duration left = length.minus(Duration.between(since, Instant.now()));
            if (!left.isNegative()) {
                Thread.sleep(left.toMillis());
            }
        }

        /** Starts the broker again; waits until it is up. */
        @Override
        public void close() {
            if (over) {
                return;
            }
            run(startCommand);
            over = true;
            Runtime.getRuntime().removeShutdownHook(startOnExit);
        }
    }

    private static List<String> command(String setting, String defaultCommand) {
        return List.of(Stack.setting(setting, defaultCommand).trim().split("\\s+"));
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within " + COMMAND_TIMEOUT);
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " failed (exit " + process.exitValue() + "): " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}
