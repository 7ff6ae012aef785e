package homework.arch.infra.inbox;

/**
 * A message that can never be processed (unreadable, incomplete, of an unknown kind): it is dead-lettered at once
 * instead of being retried. Consumers throw it for content they reject.
 */
public class PoisonMessage extends RuntimeException {

    public PoisonMessage(String reason) {
        super(reason, null, false, false);
    }

    public PoisonMessage(String reason, Throwable cause) {
        super(reason, cause, false, false);
    }
}
