package homework.arch.infra.broker;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The settlements of one channel's deliveries, sent in as few frames as is correct. Handlers finish in any order;
 * {@link #flush} sends each rejection on its own, then acknowledges with one {@code multiple} ack every settled
 * delivery below the oldest one still being handled, and the settled ones above that, which such an ack would not
 * cover without also covering that oldest one, one by one.
 * <p>
 * Delivery tags grow with each delivery on a channel (the Java client keeps them growing across its recoveries and
 * drops acks of tags from before one), so every delivery below an ack's tag has been seen by {@link #delivered} before
 * the delivery with that tag was handed out.
 */
final class Acks {

    enum Outcome {
        ACK, DEAD_LETTER, REQUEUE
    }

    /** Where frames go: the channel, or a test's record. */
    interface Frames {
        void ack(long deliveryTag, boolean multiple) throws IOException;

        void reject(long deliveryTag, boolean requeue) throws IOException;
    }

    private record Settlement(long deliveryTag, Outcome outcome) {
    }

    private final ConcurrentSkipListSet<Long> unsettled = new ConcurrentSkipListSet<>();
    private final Queue<Settlement> settled = new ConcurrentLinkedQueue<>();

    /** A delivery is handed out: it holds back the multiple acks above it until it is settled and flushed. */
    void delivered(long deliveryTag) {
        unsettled.add(deliveryTag);
    }

    void settle(long deliveryTag, Outcome outcome) {
        settled.add(new Settlement(deliveryTag, outcome));
    }

    /** Whether every delivery handed out has been settled and sent. */
    boolean idle() {
        return unsettled.isEmpty() && settled.isEmpty();
    }

    /**
     * Sends what was settled since the last flush. Rejections go first: the multiple ack that follows must not
     * acknowledge a delivery that is to be rejected. One flush at a time.
     *
     * @return the number of frames sent
     */
    synchronized int flush(Frames frames) throws IOException {
        List<Settlement> batch = new ArrayList<>();
        for (Settlement next = settled.poll(); next != null; next = settled.poll()) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return 0;
        }
        int sent = 0;
        batch.sort(Comparator.comparingLong(Settlement::deliveryTag));
        for (Settlement settlement : batch) {
            if (settlement.outcome() != Outcome.ACK) {
                frames.reject(settlement.deliveryTag(), settlement.outcome() == Outcome.REQUEUE);
                sent++;
            }
            unsettled.remove(settlement.deliveryTag());
        }
        Long oldest = unsettled.isEmpty() ? null : unsettled.first();
        long covered = 0;
        for (Settlement settlement : batch) {
            if (settlement.outcome() == Outcome.ACK && (oldest == null || settlement.deliveryTag() < oldest)) {
                covered = settlement.deliveryTag();
            }
        }
        if (covered > 0) {
            frames.ack(covered, true);
            sent++;
        }
        for (Settlement settlement : batch) {
            if (settlement.outcome() == Outcome.ACK && oldest != null && settlement.deliveryTag() > oldest) {
                frames.ack(settlement.deliveryTag(), false);
                sent++;
            }
        }
        return sent;
    }
}
