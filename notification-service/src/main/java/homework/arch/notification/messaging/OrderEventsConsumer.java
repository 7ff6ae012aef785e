package homework.arch.notification.messaging;

import homework.arch.infra.broker.Delivery;
import homework.arch.infra.broker.QueueHandler;
import homework.arch.infra.inbox.BatchEffect;
import homework.arch.infra.inbox.InboxBatch;
import homework.arch.infra.inbox.InboxBatches;
import homework.arch.infra.inbox.InboxReceiver;
import homework.arch.notification.Notification;
import homework.arch.notification.repository.LetterRepository.Written;
import homework.arch.notification.service.NotificationService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Queue {@code notifications.orders}, bound to {@code orders} / {@code order.paid} and {@code order.cancelled}
 * (see application.properties). Its letters are written in batches, each batch one statement (decisions 0013 and
 * 0030): the letter path is this service's load.
 */
@ApplicationScoped
public class OrderEventsConsumer implements QueueHandler, BatchEffect<OrderSettled, Notification, Written> {

    static final String CONSUMER = "notification-service.orders";

    private final NotificationService notifications;
    private final InboxBatches<OrderSettled, Notification, Written> batches;

    public OrderEventsConsumer(InboxReceiver inbox, NotificationService notifications) {
        this.notifications = notifications;
        this.batches = inbox.inBatches(CONSUMER, OrderSettled.class, OrderSettled::eventId, this);
    }

    @Override
    public String channel() {
        return "orders";
    }

    @Override
    public Uni<Void> onDelivery(Delivery delivery) {
        return batches.receive(delivery);
    }

    @Override
    public Notification prepare(OrderSettled event) {
        return event.paid()
                ? notifications.orderPaid(event.orderId(), event.userId(), event.amount(), event.currency())
                : notifications.orderCancelled(event.orderId(), event.userId(), event.amount(), event.currency(),
                        event.reason());
    }

    @Override
    public Uni<List<Written>> applyAll(InboxBatch inbox, List<Notification> letters) {
        return notifications.writeAll(inbox, letters);
    }

    @Override
    public boolean applied(Notification letter, Written written) {
        return notifications.written(letter, written);
    }
}
