package homework.arch.notification.messaging;

import static homework.arch.notification.Events.ORDERS;
import static homework.arch.notification.Events.ORDERS_QUEUE;
import static homework.arch.notification.Events.USERS;
import static homework.arch.notification.Events.USERS_QUEUE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import homework.arch.notification.Events;
import homework.arch.testsupport.BrokerClient;
import homework.arch.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Events published to the real RabbitMQ the way the producers publish them, observed through the HTTP API. A queue
 * is consumed in order, so once a later "barrier" event has had its effect, every earlier one has been handled.
 */
@QuarkusTest
class NotificationFlowTest {

    private static BrokerClient broker;

    @BeforeAll
    static void connect() {
        broker = BrokerClient.connect("notification-service tests");
    }

    @AfterAll
    static void disconnect() {
        broker.close();
    }

    @Test
    void aLetterBeforeItsUserAndEveryEventTwiceStillGiveOneAddressedLetter() {
        UUID userId = UUID.randomUUID();
        UUID orderId = UUID.randomUUID();
        ObjectNode paid = Events.orderPaid(UUID.randomUUID(), orderId, userId);

        publishOrder(paid, "order.paid");
        publishOrder(paid, "order.paid");
        awaitBarrier(ORDERS);

        JsonPath unaddressed = letters(userId);
        assertThat(unaddressed.getList("items")).hasSize(1);
        assertThat(unaddressed.getString("items[0].email")).isNull();
        assertThat(unaddressed.getString("items[0].type")).isEqualTo("ORDER_PAID");

        ObjectNode user = Events.userCreated(UUID.randomUUID(), userId, "late-" + userId + "@example.com");
        broker.publish(USERS, "user.created", user.get("eventId").asText(), "UserCreated", user.toString());
        broker.publish(USERS, "user.created", user.get("eventId").asText(), "UserCreated", user.toString());
        awaitBarrier(USERS);

        JsonPath addressed = letters(userId);
        assertThat(addressed.getList("items")).hasSize(1);
        assertThat(addressed.getString("items[0].email")).isEqualTo("late-" + userId + "@example.com");
        assertThat(addressed.getString("items[0].orderId")).isEqualTo(orderId.toString());
        assertThat(addressed.getString("items[0].userId")).isEqualTo(userId.toString());
        assertThat(addressed.getString("items[0].subject")).isEqualTo("Your order is paid");
        assertThat(addressed.getString("items[0].body")).contains("25.50 USD", orderId.toString());
        assertThat(addressed.getString("items[0].id")).isNotBlank();
        assertThat(addressed.getString("items[0].createdAt")).isNotBlank();
    }

    @Test
    void aCancelledOrderOfAKnownUserGetsASadLetterSayingWhy() {
        UUID userId = knownUser();
        UUID orderId = UUID.randomUUID();

        publishOrder(Events.orderCancelled(UUID.randomUUID(), orderId, userId), "order.cancelled");

        JsonPath letter = awaitLetters(userId, 1);
        assertThat(letter.getString("items[0].type")).isEqualTo("ORDER_CANCELLED");
        assertThat(letter.getString("items[0].email")).isEqualTo(userId + "@example.com");
        assertThat(letter.getString("items[0].subject")).isEqualTo("Your order was cancelled");
        assertThat(letter.getString("items[0].body"))
                .contains(orderId.toString(), "1000.00 USD", "there was not enough money on your account");
    }

    @Test
    void theSameOutcomeAnnouncedTwiceUnderDifferentEventIdsGivesOneLetter() {
        UUID userId = knownUser();
        UUID orderId = UUID.randomUUID();

        publishOrder(Events.orderPaid(UUID.randomUUID(), orderId, userId), "order.paid");
        publishOrder(Events.orderPaid(UUID.randomUUID(), orderId, userId), "order.paid");
        awaitBarrier(ORDERS);

        assertThat(letters(userId).getList("items")).hasSize(1);
    }

    @Test
    void poisonMessagesAreDeadLetteredAndTheQueueMovesOn() {
        UUID userId = knownUser();
        ObjectNode missingAmount = Events.orderPaid(UUID.randomUUID(), UUID.randomUUID(), userId);
        missingAmount.remove("amount");
        ObjectNode unknownType = Events.orderPaid(UUID.randomUUID(), UUID.randomUUID(), userId)
                .put("eventType", "OrderShipped");
        ObjectNode threeDecimals = Events.orderPaid(UUID.randomUUID(), UUID.randomUUID(), userId)
                .put("amount", new BigDecimal("1.005"));
        String notJson = "poison-" + UUID.randomUUID();
        String incomplete = "poison-" + UUID.randomUUID();
        String unknown = "poison-" + UUID.randomUUID();
        String tooPrecise = "poison-" + UUID.randomUUID();
        String badUser = "poison-" + UUID.randomUUID();

        broker.publish("", ORDERS_QUEUE, notJson, "OrderPaid", "{\"eventId\": ");
        broker.publish("", ORDERS_QUEUE, incomplete, "OrderPaid", missingAmount.toString());
        broker.publish("", ORDERS_QUEUE, unknown, "OrderShipped", unknownType.toString());
        broker.publish("", ORDERS_QUEUE, tooPrecise, "OrderPaid", threeDecimals.toString());
        broker.publish("", USERS_QUEUE, badUser, "UserCreated", "{\"eventId\": \"not-a-uuid\"}");
        UUID goodOrder = UUID.randomUUID();
        publishOrder(Events.orderPaid(UUID.randomUUID(), goodOrder, userId), "order.paid");

        JsonPath letters = awaitLetters(userId, 1);
        assertThat(letters.getString("items[0].orderId")).isEqualTo(goodOrder.toString());
        awaitBarrier(USERS);
        for (String id : List.of(notJson, incomplete, unknown, tooPrecise)) {
            awaitDeadLettered(ORDERS_QUEUE, id);
        }
        awaitDeadLettered(USERS_QUEUE, badUser);
    }

    @Test
    void lettersArePagedNewestFirst() {
        UUID userId = knownUser();
        List<String> published = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            UUID orderId = UUID.randomUUID();
            published.add(orderId.toString());
            publishOrder(Events.orderPaid(UUID.randomUUID(), orderId, userId), "order.paid");
        }
        awaitLetters(userId, 5);

        List<String> seen = new ArrayList<>();
        List<String> createdAt = new ArrayList<>();
        String cursor = null;
        List<Integer> pageSizes = new ArrayList<>();
        do {
            JsonPath page = given().header("Authorization", TestTokens.bearer(userId))
                    .queryParam("userId", userId).queryParam("limit", 2)
                    .queryParams(cursor == null ? Map.of() : Map.of("cursor", cursor))
                    .get("/notifications").then().statusCode(200).extract().jsonPath();
            pageSizes.add(page.getList("items").size());
            seen.addAll(page.getList("items.orderId"));
            createdAt.addAll(page.getList("items.createdAt"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);

        // Several consumers apply the events at once, so the letters need not be written in the order published.
        assertThat(seen).containsExactlyInAnyOrderElementsOf(published);
        assertThat(createdAt.stream().map(Instant::parse).toList())
                .isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(pageSizes).containsExactly(2, 2, 1);
    }

    @Test
    void aUserReadsTheirOwnLettersAndNobodyElses() {
        UUID ann = knownUser();
        UUID bob = knownUser();
        UUID annsOrder = UUID.randomUUID();
        UUID bobsOrder = UUID.randomUUID();
        publishOrder(Events.orderPaid(UUID.randomUUID(), annsOrder, ann), "order.paid");
        publishOrder(Events.orderPaid(UUID.randomUUID(), bobsOrder, bob), "order.paid");
        awaitLetters(ann, 1);
        awaitLetters(bob, 1);

        // Without userId: the caller's own letters.
        JsonPath own = given().header("Authorization", TestTokens.bearer(ann)).get("/notifications")
                .then().statusCode(200).extract().jsonPath();
        assertThat(own.getList("items.orderId")).containsExactly(annsOrder.toString());
        assertThat(own.getList("items.userId")).containsOnly(ann.toString());

        given().header("Authorization", TestTokens.bearer(ann)).queryParam("userId", bob).get("/notifications")
                .then().statusCode(403).contentType("application/problem+json")
                .body("code", equalTo("forbidden"));
        assertThat(letters(bob).getList("items.orderId")).containsExactly(bobsOrder.toString());
    }

    private static void publishOrder(ObjectNode event, String routingKey) {
        broker.publish(ORDERS, routingKey, event.get("eventId").asText(), event.get("eventType").asText(),
                event.toString());
    }

    private static UUID knownUser() {
        UUID userId = UUID.randomUUID();
        ObjectNode user = Events.userCreated(UUID.randomUUID(), userId, userId + "@example.com");
        broker.publish(USERS, "user.created", user.get("eventId").asText(), "UserCreated", user.toString());
        awaitBarrier(USERS);
        return userId;
    }

    /** Publishes an event that has a visible effect on {@code exchange}'s queue and waits for that effect. */
    private static void awaitBarrier(String exchange) {
        UUID userId = UUID.randomUUID();
        if (exchange.equals(USERS)) {
            ObjectNode user = Events.userCreated(UUID.randomUUID(), userId, "barrier@example.com");
            broker.publish(USERS, "user.created", user.get("eventId").asText(), "UserCreated", user.toString());
            // the user is visible through the letter that waits for them
            publishOrder(Events.orderPaid(UUID.randomUUID(), UUID.randomUUID(), userId), "order.paid");
            await().atMost(Duration.ofSeconds(30)).until(() -> "barrier@example.com"
                    .equals(letters(userId).getString("items[0].email")));
        } else {
            publishOrder(Events.orderPaid(UUID.randomUUID(), UUID.randomUUID(), userId), "order.paid");
            awaitLetters(userId, 1);
        }
    }

    private static void awaitDeadLettered(String queue, String messageId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !broker.take(queue + ".dlq", messageId).isEmpty());
    }

    private static JsonPath awaitLetters(UUID userId, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> letters(userId).getList("items").size() >= count);
        return letters(userId);
    }

    /** The user's letters, as the user reads them (with their own token). */
    private static JsonPath letters(UUID userId) {
        return given().header("Authorization", TestTokens.bearer(userId)).queryParam("userId", userId)
                .get("/notifications").then().statusCode(200).extract().jsonPath();
    }
}
