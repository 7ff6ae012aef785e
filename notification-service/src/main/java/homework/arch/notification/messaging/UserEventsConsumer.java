package homework.arch.notification.messaging;

import homework.arch.infra.inbox.InboxReceiver;
import homework.arch.notification.service.NotificationService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Queue {@code notifications.users}, bound to {@code users} / {@code user.created} (see application.properties). */
@ApplicationScoped
public class UserEventsConsumer {

    static final String CONSUMER = "notification-service.users";

    private final InboxReceiver inbox;
    private final NotificationService notifications;

    public UserEventsConsumer(InboxReceiver inbox, NotificationService notifications) {
        this.inbox = inbox;
        this.notifications = notifications;
    }

    @Incoming("users")
    public Uni<Void> consume(Message<byte[]> message) {
        return inbox.receive(message, CONSUMER, UserCreated.class, UserCreated::eventId,
                event -> notifications.learnUser(event.userId(), event.name(), event.email()));
    }
}
