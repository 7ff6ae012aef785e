package homework.arch.order.messaging;

import homework.arch.infra.outbox.Outbox;
import homework.arch.infra.outbox.OutboxEntry;
import homework.arch.infra.outbox.OutboxMessage;
import homework.arch.order.Order;
import homework.arch.order.OrderStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Turns order outcomes into outbox rows, which the statement that settles the order writes (OrderStore), so that the
 * event exists exactly when the outcome does. Called in the request (or reconciliation) whose trace and correlation
 * id the event carries.
 */
@ApplicationScoped
public class OrderEvents {

    static final String EXCHANGE = "orders";
    static final String AGGREGATE = "order";

    private final Outbox outbox;

    public OrderEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Sends the events of settled orders now, once their statements committed. */
    public void committed() {
        outbox.committed();
    }

    public OutboxEntry settled(Order order) {
        boolean paid = order.status() == OrderStatus.PAID;
        if (!paid && order.status() != OrderStatus.CANCELLED) {
            throw new IllegalStateException("Order " + order.id() + " is not settled but " + order.status());
        }
        String type = paid ? OrderSettled.PAID : OrderSettled.CANCELLED;
        OrderSettled event = new OrderSettled(UUID.randomUUID(), type, order.settledAt(), order.id(), order.userId(),
                order.price(), order.currency(), order.reason());
        return outbox.entryOf(OutboxMessage.event(event.eventId(), AGGREGATE, order.id().toString(), type, EXCHANGE,
                paid ? "order.paid" : "order.cancelled", event));
    }
}
