package homework.arch.infra.correlation;

import homework.arch.infra.broker.Delivery;
import homework.arch.infra.broker.QueueHandler;
import homework.arch.infra.inbox.InboxReceiver;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;
import org.jboss.logging.Logger;

/** A test-only consumer as a service writes one: it logs each event it applies (channel "probe", see the config). */
@ApplicationScoped
public class ConsumerProbe implements QueueHandler {

    static final String EXCHANGE = "infra-tests";
    static final String ROUTING_KEY = "probe";

    private static final Logger LOG = Logger.getLogger(ConsumerProbe.class);

    public record Probed(@NotNull UUID eventId, @NotNull UUID subject) {
    }

    private final InboxReceiver inbox;

    public ConsumerProbe(InboxReceiver inbox) {
        this.inbox = inbox;
    }

    @Override
    public String channel() {
        return "probe";
    }

    @Override
    public Uni<Void> onDelivery(Delivery delivery) {
        return inbox.receive(delivery, "infra-tests.probe", Probed.class, Probed::eventId, event -> {
            LOG.infof("Applied the probe of %s", event.subject());
            return Uni.createFrom().voidItem();
        });
    }
}
