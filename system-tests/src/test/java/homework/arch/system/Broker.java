package homework.arch.system;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;

/**
 * The RabbitMQ broker the stack uses, and a way to take it away. By default the local node is controlled with
 * {@code rabbitmqctl stop_app} / {@code start_app}: the Erlang node keeps running, the AMQP listener and every
 * connection go away, the durable queues and their messages stay. Other brokers need other commands
 * ({@code -Dsystem-tests.broker.stop-command="docker exec rabbitmq rabbitmqctl stop_app"}).
 */
public final class Broker {

    private final String stopCommand;
    private final String startCommand;
    private final String host = Stack.setting("broker.host", "127.0.0.1");
    private final int port = Integer.parseInt(Stack.setting("broker.port", "5672"));

    /** The broker's application stops and starts again; its node keeps running. */
    public Broker() {
        this(Stack.setting("broker.stop-command", "rabbitmqctl stop_app"),
                Stack.setting("broker.start-command", "rabbitmqctl start_app"));
    }

    /** @param startCommand must return once the broker takes connections again */
    public Broker(String stopCommand, String startCommand) {
        this.stopCommand = stopCommand;
        this.startCommand = startCommand;
    }

    /**
     * Stops the broker; closing the returned outage starts it again. Use it in try-with-resources: the broker is
     * shared with everything else on the machine, so it must come back whatever the test does, and a JVM that exits
     * during the outage starts it on its way out.
     */
    public Outage stop() {
        Thread startOnExit = new Thread(() -> Shell.run(startCommand), "start the broker on exit");
        Runtime.getRuntime().addShutdownHook(startOnExit);
        try {
            Shell.run(stopCommand);
        } catch (RuntimeException e) {
            // It may have stopped halfway: never leave the shared broker down.
            Runtime.getRuntime().removeShutdownHook(startOnExit);
            try {
                Shell.run(startCommand);
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
            Shell.run(startCommand);
            over = true;
            Runtime.getRuntime().removeShutdownHook(startOnExit);
        }
    }
}
