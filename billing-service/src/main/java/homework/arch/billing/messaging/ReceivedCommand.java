package homework.arch.billing.messaging;

import java.util.Map;

/**
 * A command with an operation id and where its result goes besides {@code billing.results}.
 *
 * @param replyTo            the message's AMQP {@code reply_to}: a queue that gets the result too; may be null
 * @param replyCorrelationId the message's AMQP {@code correlation_id}, returned as it was on the reply; may be null
 * @param correlationId      the id for logs and the result event (the message's {@code x-correlation-id} header,
 *                           else its {@code correlation_id}, else a new one)
 * @param sender             the message's AMQP {@code user_id}, which the broker refuses unless it is the publishing
 *                           connection's user; null when the message carried none. Its operation id is this sender's.
 * @param trace              the trace the command arrived in, as message headers: its result events continue it
 */
public record ReceivedCommand(ParsedCommand.Command command, String replyTo, String replyCorrelationId,
        String correlationId, String sender, Map<String, String> trace) {

    public ReceivedCommand {
        trace = trace == null ? Map.of() : Map.copyOf(trace);
    }
}
