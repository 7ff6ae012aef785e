package homework.arch.infra.broker;

import io.smallrye.mutiny.Uni;
import java.util.OptionalInt;

/**
 * A consumer of one queue, as a service writes one: a bean that {@link QueueConsumers} finds and feeds with the
 * deliveries of the queue that {@code infra.consumer.channels.<channel>.*} describes.
 */
public interface QueueHandler {

    /** The name of its settings ({@code infra.consumer.channels.<channel>.*}). */
    String channel();

    /**
     * How many deliveries it can use at once, where that follows from its own settings (a consumer that applies
     * deliveries in batches needs every batch filled); empty to take the channel's {@code prefetch}.
     */
    default OptionalInt prefetch() {
        return OptionalInt.empty();
    }

    /**
     * Handles one delivery and settles it ({@link Delivery#ack}, {@link Delivery#deadLetter}, {@link Delivery#requeue}).
     * Runs on a Vert.x event loop, in a duplicated context of the delivery's own. A delivery that the returned Uni
     * leaves unsettled, or whose handling fails, is requeued.
     */
    Uni<Void> onDelivery(Delivery delivery);
}
