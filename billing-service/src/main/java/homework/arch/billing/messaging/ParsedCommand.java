package homework.arch.billing.messaging;

import homework.arch.billing.BillingOperation;
import homework.arch.infra.problem.Problem;

/** What a message on {@code billing.commands} turned out to be. */
public sealed interface ParsedCommand {

    /**
     * No operation id to answer under (unreadable JSON, no or an unusable operationId): the message goes to the
     * dead-letter queue, with {@code reason} (a stable code) and {@code detail} in its headers.
     */
    record DeadLetter(String reason, String detail) implements ParsedCommand {
    }

    /**
     * A command with an operation id: it gets a result. Exactly one of {@code operation} (what to apply) and
     * {@code problem} (why it is REJECTED without being applied) is set.
     *
     * @param type    the type as sent; null when it was absent or not a string
     * @param fields  the command as read; null when its fields could not be read (unknown field, wrong type)
     * @param refused with a {@code problem}, the command's JSON as read and written again (whitespace aside, the same
     *                command gives the same text): the request its refusal is recorded for; else null
     */
    record Command(String operationId, String type, BillingCommand fields, BillingOperation operation,
            Problem problem, String refused) implements ParsedCommand {
    }
}
