package homework.arch.billing.messaging;

import java.util.UUID;

/** Commands as a sender writes them. */
public final class Commands {

    private Commands() {
    }

    public static String newOperationId() {
        return UUID.randomUUID().toString();
    }

    public static String open(String operationId, UUID userId) {
        return command(operationId, "OPEN_ACCOUNT", "\"userId\":\"" + userId + "\"");
    }

    public static String deposit(String operationId, UUID userId, String amount) {
        return command(operationId, "DEPOSIT", "\"userId\":\"" + userId + "\",\"amount\":" + amount);
    }

    public static String withdraw(String operationId, UUID userId, String amount) {
        return command(operationId, "WITHDRAW", "\"userId\":\"" + userId + "\",\"amount\":" + amount);
    }

    public static String transfer(String operationId, UUID from, UUID to, String amount) {
        return command(operationId, "TRANSFER",
                "\"userId\":\"" + from + "\",\"toUserId\":\"" + to + "\",\"amount\":" + amount);
    }

    /** A hold whose id is the operation id (a UUID). */
    public static String hold(String operationId, UUID userId, String amount) {
        return command(operationId, "HOLD", "\"userId\":\"" + userId + "\",\"amount\":" + amount);
    }

    /** @param amount null = all of it */
    public static String capture(String operationId, UUID userId, String holdId, String amount) {
        return command(operationId, "CAPTURE", "\"userId\":\"" + userId + "\",\"holdId\":\"" + holdId + "\""
                + (amount == null ? "" : ",\"amount\":" + amount));
    }

    public static String release(String operationId, UUID userId, String holdId) {
        return command(operationId, "RELEASE", "\"userId\":\"" + userId + "\",\"holdId\":\"" + holdId + "\"");
    }

    public static String command(String operationId, String type, String fields) {
        return "{\"operationId\":\"" + operationId + "\",\"type\":\"" + type + "\"," + fields + "}";
    }
}
