package homework.arch.notification.messaging;

import homework.arch.infra.broker.Delivery;
import homework.arch.infra.broker.QueueHandler;
import homework.arch.infra.inbox.InboxReceiver;
import homework.arch.notification.service.NotificationService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Queue {@code notifications.orders}, bound to {@code orders} / {@code order.paid} and {@code order.cancelled}
 * (see application.properties).
 */
@ApplicationScoped
public class OrderEventsConsumer implements QueueHandler {

    static final String CONSUMER = "notification-service.orders";

    private final InboxReceiver inbox;
    private final NotificationService notifications;

    public OrderEventsConsumer(InboxReceiver inbox, NotificationService notifications) {
        this.inbox = inbox;
        this.notifications = notifications;
    }

    @Override
    public String channel() {
        return "orders";
    }

    @Override
    public Uni<Void> onDelivery(Delivery delivery) {
        // One statement per event: the letter path is this service's load (decision 0013).
        return inbox.receiveInOneStatement(delivery, CONSUMER, OrderSettled.class, OrderSettled::eventId,
                (event, record) -> event.paid()
                        ? notifications.orderPaid(event.orderId(), event.userId(), event.amount(), event.currency(),
                                record)
                        : notifications.orderCancelled(event.orderId(), event.userId(), event.amount(),
                                event.currency(), event.reason(), record));
    }
}
