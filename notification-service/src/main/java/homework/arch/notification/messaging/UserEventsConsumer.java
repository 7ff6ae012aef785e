package homework.arch.notification.messaging;

import homework.arch.infra.broker.Delivery;
import homework.arch.infra.broker.QueueHandler;
import homework.arch.infra.inbox.InboxReceiver;
import homework.arch.notification.service.NotificationService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Queue {@code notifications.users}, bound to {@code users} / {@code user.created} (see application.properties). */
@ApplicationScoped
public class UserEventsConsumer implements QueueHandler {

    static final String CONSUMER = "notification-service.users";

    private final InboxReceiver inbox;
    private final NotificationService notifications;

    public UserEventsConsumer(InboxReceiver inbox, NotificationService notifications) {
        this.inbox = inbox;
        this.notifications = notifications;
    }

    @Override
    public String channel() {
        return "users";
    }

    @Override
    public Uni<Void> onDelivery(Delivery delivery) {
        return inbox.receive(delivery, CONSUMER, UserCreated.class, UserCreated::eventId,
                event -> notifications.learnUser(event.userId(), event.name(), event.email()));
    }
}
