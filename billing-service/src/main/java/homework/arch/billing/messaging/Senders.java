package homework.arch.billing.messaging;

import java.util.Optional;
import java.util.Set;

/**
 * Who may command billing over the broker, and where its answers may go.
 * <p>
 * The sender is the command's AMQP {@code user_id}: RabbitMQ refuses a message whose {@code user_id} is not the
 * publishing connection's user, so it names the broker user who sent it. Only the users in
 * {@code billing.commands.allowed-senders} may command; a command without {@code user_id} names nobody and is refused
 * too. A result is sent to {@code reply_to} only if that is RabbitMQ's direct reply-to pseudo-queue
 * ({@value #DIRECT_REPLY_TO}, which the broker turns into {@code amq.rabbitmq.reply-to.<token>}) or a queue named
 * {@value #REPLY_QUEUE_PREFIX}{@code *}: billing publishes through the default exchange, which reaches every queue,
 * and must not be made to write into another service's queue.
 */
public final class Senders {

    public static final String UNAUTHORIZED_SENDER = "unauthorized_sender";
    public static final String REPLY_TO_NOT_ALLOWED = "reply_to_not_allowed";
    public static final String DIRECT_REPLY_TO = "amq.rabbitmq.reply-to";
    public static final String REPLY_QUEUE_PREFIX = "billing.replies.";

    private Senders() {
    }

    /** Why a command must be dead-lettered before it is even read, or empty when it may be read. */
    public static Optional<ParsedCommand.DeadLetter> refusal(String sender, Set<String> allowed, String replyTo) {
        if (sender == null) {
            return Optional.of(new ParsedCommand.DeadLetter(UNAUTHORIZED_SENDER,
                    "the command has no user_id; only " + allowed + " may send commands"));
        }
        if (!allowed.contains(sender)) {
            return Optional.of(new ParsedCommand.DeadLetter(UNAUTHORIZED_SENDER,
                    "'" + sender + "' may not send commands; only " + allowed + " may"));
        }
        if (replyTo != null && !allowedReplyTo(replyTo)) {
            return Optional.of(new ParsedCommand.DeadLetter(REPLY_TO_NOT_ALLOWED,
                    "reply_to '" + replyTo + "' is neither " + DIRECT_REPLY_TO + " nor a queue named "
                            + REPLY_QUEUE_PREFIX + "*"));
        }
        return Optional.empty();
    }

    /** {@code amq.rabbitmq.reply-to} (as the broker rewrites it: {@code amq.rabbitmq.reply-to.<token>}) or {@code billing.replies.<name>}. */
    public static boolean allowedReplyTo(String replyTo) {
        return replyTo.equals(DIRECT_REPLY_TO) || replyTo.startsWith(DIRECT_REPLY_TO + ".")
                || (replyTo.startsWith(REPLY_QUEUE_PREFIX) && replyTo.length() > REPLY_QUEUE_PREFIX.length());
    }
}
