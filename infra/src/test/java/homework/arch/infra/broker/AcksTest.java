package homework.arch.infra.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcksTest {

    private final Acks acks = new Acks();
    private final List<String> frames = new ArrayList<>();
    private final Acks.Frames channel = new Acks.Frames() {
        @Override
        public void ack(long deliveryTag, boolean multiple) {
            frames.add((multiple ? "ack up to " : "ack ") + deliveryTag);
        }

        @Override
        public void reject(long deliveryTag, boolean requeue) {
            frames.add((requeue ? "requeue " : "dead-letter ") + deliveryTag);
        }
    };

    @Test
    void deliveriesSettledInAnyOrderAreAcknowledgedByOneFrame() throws Exception {
        deliver(1, 2, 3, 4);
        acks.settle(3, Acks.Outcome.ACK);
        acks.settle(1, Acks.Outcome.ACK);
        acks.settle(4, Acks.Outcome.ACK);
        acks.settle(2, Acks.Outcome.ACK);

        assertThat(acks.flush(channel)).isEqualTo(1);
        assertThat(frames).containsExactly("ack up to 4");
        assertThat(acks.idle()).isTrue();
    }

    @Test
    void aDeliveryStillBeingHandledHoldsBackTheMultipleAckAndThoseAboveItGoOneByOne() throws Exception {
        deliver(1, 2, 3, 4, 5);
        acks.settle(1, Acks.Outcome.ACK);
        acks.settle(2, Acks.Outcome.ACK);
        acks.settle(4, Acks.Outcome.ACK);
        acks.settle(5, Acks.Outcome.ACK);

        acks.flush(channel);
        assertThat(frames).containsExactly("ack up to 2", "ack 4", "ack 5");
        assertThat(acks.idle()).isFalse();

        frames.clear();
        acks.settle(3, Acks.Outcome.ACK);
        acks.flush(channel);
        // 4 and 5 are acknowledged already, so the broker's multiple ack up to 3 covers 3 alone.
        assertThat(frames).containsExactly("ack up to 3");
        assertThat(acks.idle()).isTrue();
    }

    @Test
    void rejectionsLeaveBeforeTheAckThatWouldOtherwiseCoverThem() throws Exception {
        deliver(1, 2, 3, 4);
        acks.settle(4, Acks.Outcome.ACK);
        acks.settle(2, Acks.Outcome.DEAD_LETTER);
        acks.settle(1, Acks.Outcome.ACK);
        acks.settle(3, Acks.Outcome.REQUEUE);

        acks.flush(channel);
        assertThat(frames).containsExactly("dead-letter 2", "requeue 3", "ack up to 4");
    }

    @Test
    void aDeliverySettledAfterTheFlushStartedWaitsForTheNextOne() throws Exception {
        deliver(1, 2);
        acks.settle(2, Acks.Outcome.ACK);
        acks.flush(channel);
        assertThat(frames).containsExactly("ack 2");

        frames.clear();
        assertThat(acks.flush(channel)).isZero();
        acks.settle(1, Acks.Outcome.ACK);
        acks.flush(channel);
        assertThat(frames).containsExactly("ack up to 1");
    }

    private void deliver(long... tags) {
        for (long tag : tags) {
            acks.delivered(tag);
        }
    }
}
