package homework.arch.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The faults the reliability suite injects, each with the way back. The defaults act on the local stack
 * ({@code scripts/stack.sh kill|start}) and on this machine's PostgreSQL and RabbitMQ; other setups set the commands
 * ({@code -Dsystem-tests.service.kill-command="kubectl delete pod --grace-period=0 --force -l app=%s"} and so on;
 * {@code %s} is the service's name).
 */
final class Faults {

    private static final Duration RECOVERY = Duration.ofSeconds(120);

    private final String killCommand = Stack.setting("service.kill-command", "scripts/stack.sh kill %s");
    private final String startCommand = Stack.setting("service.start-command", "scripts/stack.sh start %s");
    private final String databaseRestartCommand = Stack.setting("database.restart-command",
            "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | tail -n 1) main restart");
    private final Duration brokerOutage = Duration.parse(Stack.setting("reliability.broker-outage", "PT3S"));
    // The whole node, as the machine starts it: queues and messages come back from disk.
    private final Broker broker = new Broker(
            Stack.setting("reliability.broker-stop-command", "rabbitmqctl stop"),
            Stack.setting("reliability.broker-start-command", "rabbitmq-server -detached >/dev/null 2>&1 && timeout 120 "
                    + "bash -c 'until rabbitmqctl -q await_startup >/dev/null 2>&1; do sleep 1; done'"));

    /** A fault: what it is called in the figures, and how to cause it and recover from it. */
    record Fault(String name, Runnable injectAndRecover) {

        void inject() {
            injectAndRecover.run();
            Stack.awaitReady(RECOVERY);
            Figures.add("faults injected", 1);
        }
    }

    /** Each service killed (SIGKILL) and started again, in turn; then a broker restart and a database restart. */
    List<Fault> round() {
        List<Fault> faults = new ArrayList<>();
        for (Stack.Service service : List.of(Stack.Service.BILLING, Stack.Service.ORDER, Stack.Service.USER,
                Stack.Service.NOTIFICATION)) {
            faults.add(new Fault("SIGKILL " + service.serviceName(), () -> {
                Shell.run(killCommand.formatted(service.serviceName()));
                Shell.run(startCommand.formatted(service.serviceName()));
            }));
        }
        faults.add(new Fault("RabbitMQ restart", this::restartBroker));
        faults.add(new Fault("PostgreSQL restart", () -> Shell.run(databaseRestartCommand)));
        return faults;
    }

    private void restartBroker() {
        try (Broker.Outage outage = broker.stop()) {
            outage.lastUntil(brokerOutage);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the broker's outage", e);
        }
    }
}
