package homework.arch.notification.messaging;

import homework.arch.infra.inbox.InboxReceiver;
import homework.arch.notification.service.NotificationService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Queue {@code notifications.orders}, bound to {@code orders} / {@code order.paid} and {@code order.cancelled}
 * (see application.properties).
 */
@ApplicationScoped
public class OrderEventsConsumer {

    static final String CONSUMER = "notification-service.orders";

    private final InboxReceiver inbox;
    private final NotificationService notifications;

    public OrderEventsConsumer(InboxReceiver inbox, NotificationService notifications) {
        this.inbox = inbox;
        this.notifications = notifications;
    }

    @Incoming("orders")
    public Uni<Void> consume(Message<byte[]> message) {
        // One statement per event: the letter path is this service's load (decision 0013).
        return inbox.receiveInOneStatement(message, CONSUMER, OrderSettled.class, OrderSettled::eventId,
                (event, record) -> event.paid()
                        ? notifications.orderPaid(event.orderId(), event.userId(), event.amount(), event.currency(),
                                record)
                        : notifications.orderCancelled(event.orderId(), event.userId(), event.amount(),
                                event.currency(), event.reason(), record));
    }
}
