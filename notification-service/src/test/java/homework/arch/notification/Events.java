package homework.arch.notification;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Events as the producers publish them: the sample payloads in {@code src/test/resources/events} (copied from the
 * message formats in DESIGN.md) with fresh ids, so tests never see each other's data.
 */
public final class Events {

    public static final String USERS = "users";
    public static final String ORDERS = "orders";
    public static final String USERS_QUEUE = "notifications.users";
    public static final String ORDERS_QUEUE = "notifications.orders";

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private Events() {
    }

    public static String sample(String name) {
        try (InputStream in = Events.class.getResourceAsStream("/events/" + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode userCreated(UUID eventId, UUID userId, String email) {
        return from("user-created").put("eventId", eventId.toString()).put("userId", userId.toString())
                .put("email", email);
    }

    public static ObjectNode orderPaid(UUID eventId, UUID orderId, UUID userId) {
        return from("order-paid").put("eventId", eventId.toString()).put("orderId", orderId.toString())
                .put("userId", userId.toString());
    }

    public static ObjectNode orderCancelled(UUID eventId, UUID orderId, UUID userId) {
        return from("order-cancelled").put("eventId", eventId.toString()).put("orderId", orderId.toString())
                .put("userId", userId.toString());
    }

    private static ObjectNode from(String sample) {
        try {
            return (ObjectNode) JSON.readTree(sample(sample));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
