package homework.arch.billing;

import java.time.Instant;
import java.util.List;

/**
 * What an operation did, in the ledger's own terms; each edge renders it its own way (the REST API as an HTTP
 * answer, the command queue as the answer a result event is made from).
 */
public sealed interface Outcome {

    /** The outcome given to the visitor's method for its kind (the compiler checks every visitor handles each). */
    <R> R accept(Visitor<R> visitor);

    interface Visitor<R> {
        R opened(Opened outcome);

        R posted(Posted outcome);

        R holdChanged(HoldChanged outcome);

        R paid(Paid outcome);

        R rejected(Rejected outcome);
    }

    /** @param created false when the account existed already (opening it again changes nothing) */
    record Opened(Account account, boolean created) implements Outcome {
        public <R> R accept(Visitor<R> visitor) {
            return visitor.opened(this);
        }
    }

    /**
     * A deposit, withdrawal or transfer posted.
     *
     * @param visible the positions right after it of the accounts the requester may see, in the movement's order
     */
    record Posted(Movement movement, List<Position> visible, Instant at) implements Outcome {
        public <R> R accept(Visitor<R> visitor) {
            return visitor.posted(this);
        }
    }

    /**
     * A hold placed, captured or released.
     *
     * @param after  the owner's position right after it
     * @param placed true for a new hold, false for a capture or release
     */
    record HoldChanged(Hold hold, List<Position> after, boolean placed) implements Outcome {
        public <R> R accept(Visitor<R> visitor) {
            return visitor.holdChanged(this);
        }
    }

    /**
     * An order's payment, SUCCEEDED or DECLINED.
     *
     * @param first false when the order had been paid (or declined) before: this is that payment
     */
    record Paid(Payment payment, boolean first) implements Outcome {
        public <R> R accept(Visitor<R> visitor) {
            return visitor.paid(this);
        }
    }

    /** A business rule said no; nothing was written but the answer (see {@link Rejection}). */
    record Rejected(Rejection rejection) implements Outcome {
        public <R> R accept(Visitor<R> visitor) {
            return visitor.rejected(this);
        }
    }
}
