package homework.arch.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import homework.arch.system.Api.User;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The broker's least privilege on the local stack (`make run`): each service connects as its own broker user, which
 * may neither send billing commands nor read billing's command queue (or, for billing, another service's queue) nor
 * configure another service's exchange; a command from a broker user that is not one of billing's allowed senders is
 * dead-lettered {@code unauthorized_sender} and moves no money; and no service connects as {@code guest}. The
 * passwords are the ones `make run` made in .run/keys.
 */
@ExtendWith(StackReady.class)
class BrokerUsersIT {

    private static final String COMMANDS = "billing.commands";
    private static final String DEAD_LETTERS = "billing.commands.dlq";
    private static final List<String> SERVICES = List.of("user-service", "billing-service", "order-service",
            "notification-service");
    /** The names this suite's own guest connections carry (tooling, not services). */
    private static final List<String> TEST_CONNECTIONS = List.of("broker users", "reliability");

    @Test
    void noServiceMaySendBillingCommandsOrReadAnotherServicesQueue() {
        for (String service : SERVICES) {
            try (Rabbit rabbit = Rabbit.connectAs("broker users: " + service, service)) {
                if (!service.equals("billing-service")) {
                    assertRefused(service + " publishing to " + COMMANDS,
                            () -> publishConfirmed(rabbit, COMMANDS, COMMANDS, "{}"));
                    assertRefused(service + " reading " + COMMANDS, () -> read(rabbit, COMMANDS));
                } else {
                    assertRefused(service + " reading notifications.users", () -> read(rabbit, "notifications.users"));
                }
                // No configure permission on another service's exchange (which would let it delete the exchange):
                // declaring the existing exchange as it is, a no-op if it were allowed, is refused.
                for (String exchange : List.of("users", "orders")) {
                    if (!service.equals(exchange.equals("users") ? "user-service" : "order-service")) {
                        assertRefused(service + " declaring " + exchange,
                                () -> declareTopicExchange(rabbit, exchange));
                    }
                }
                // The default exchange reaches every queue: only billing (its replies, its dead letters) may use it.
                if (!service.equals("billing-service")) {
                    assertRefused(service + " publishing to the default exchange",
                            () -> publishConfirmed(rabbit, "", COMMANDS, "{}"));
                }
            }
        }
        try (Rabbit sender = Rabbit.connectAs("broker users: sender", Rabbit.COMMAND_SENDER)) {
            assertRefused("the command sender reading " + COMMANDS, () -> read(sender, COMMANDS));
            assertRefused("the command sender publishing to the default exchange",
                    () -> publishConfirmed(sender, "", COMMANDS, "{}"));
            assertRefused("the command sender reading billing.results' queues", () -> read(sender, "notifications.orders"));
        }
    }

    @Test
    void aCommandFromAUserWhoIsNotAnAllowedSenderIsDeadLetteredAndMovesNoMoney() throws Exception {
        Api api = new Api("broker-users");
        User user = api.createUser("Broker Bob");
        api.deposit(user.id(), new BigDecimal("100"));
        String refused = "broker-users-" + UUID.randomUUID();
        String allowed = "broker-users-" + UUID.randomUUID();

        try (Rabbit guest = Rabbit.connect("broker users: guest");
                Rabbit sender = Rabbit.connectAs("broker users: sender", Rabbit.COMMAND_SENDER)) {
            ConcurrentLinkedQueue<String> results = new ConcurrentLinkedQueue<>();
            Channel consuming = guest.channel();
            String resultsQueue = consuming.queueDeclare("", false, true, true, null).getQueue();
            consuming.queueBind(resultsQueue, "billing.results", "#");
            consuming.basicConsume(resultsQueue, true, (tag, delivery) -> results.add(
                    new String(delivery.getBody(), StandardCharsets.UTF_8)), tag -> {
                    });

            // guest: a broker user who may publish (the machine broker's administrator), but no allowed sender.
            publishConfirmed(guest, COMMANDS, COMMANDS, withdraw(refused, user.id()),
                    new AMQP.BasicProperties.Builder().messageId(refused).userId("guest"));
            // The allowed sender's own command goes through: the check refuses senders, not commands.
            publishConfirmed(sender, COMMANDS, COMMANDS, withdraw(allowed, user.id()),
                    new AMQP.BasicProperties.Builder().messageId(allowed).userId(Rabbit.COMMAND_SENDER));

            await("the allowed sender's result").atMost(Duration.ofSeconds(30))
                    .until(() -> results.stream().anyMatch(result -> result.contains(allowed)));
            Map<String, Object> headers = await("the refused command on " + DEAD_LETTERS)
                    .atMost(Duration.ofSeconds(30)).until(() -> takeDeadLetter(guest, refused), Objects::nonNull);
            assertThat(String.valueOf(headers.get("x-dead-letter-reason"))).isEqualTo("unauthorized_sender");
            assertThat(results).noneMatch(result -> result.contains(refused));
            // 100 deposited, 30 withdrawn by the allowed sender's command only.
            assertThat(api.account(user.id()).balance()).isEqualByComparingTo("70");
        }
    }

    @Test
    void noServiceConnectsAsGuest() {
        // The outbox relays connect when they first have something to publish: a user and an order make every service
        // hold its connection.
        Api api = new Api("broker-users");
        User user = api.createUser("Broker Gina");
        api.deposit(user.id(), new BigDecimal("10"));
        api.awaitLetters(user, List.of(api.placeOrder(user.id(), new BigDecimal("5"))), Duration.ofSeconds(30));
        List<Map<String, Object>> connections = await("every service's broker connection")
                .atMost(Duration.ofSeconds(30)).until(Rabbit::connections, all -> all.stream()
                        .map(c -> String.valueOf(c.get("user"))).toList().containsAll(SERVICES));
        List<String> guests = new ArrayList<>();
        for (Map<String, Object> connection : connections) {
            if (!"guest".equals(connection.get("user"))) {
                continue;
            }
            Object properties = connection.get("client_properties");
            String name = properties instanceof Map<?, ?> map ? String.valueOf(map.get("connection_name")) : "null";
            if (TEST_CONNECTIONS.stream().noneMatch(name::startsWith)) {
                guests.add(connection.get("name") + " (" + name + ")");
            }
        }
        assertThat(guests).as("connections as guest that are not this suite's").isEmpty();
    }

    private static String withdraw(String operationId, UUID user) {
        return "{\"operationId\":\"" + operationId + "\",\"type\":\"WITHDRAW\",\"userId\":\"" + user
                + "\",\"amount\":30}";
    }

    /** Takes this test's message off the dead-letter queue (others go back) and returns its headers, or null. */
    private static Map<String, Object> takeDeadLetter(Rabbit rabbit, String messageId) {
        List<GetResponse> taken = rabbit.take(DEAD_LETTERS, p -> messageId.equals(p.getMessageId()));
        return taken.isEmpty() ? null : taken.get(taken.size() - 1).getProps().getHeaders();
    }

    private interface BrokerWork {
        void run() throws Exception;
    }

    private static void assertRefused(String what, BrokerWork work) {
        assertThatThrownBy(work::run).as(what).satisfies(failure -> assertThat(causes(failure)).as(what)
                .contains("ACCESS_REFUSED"));
    }

    private static String causes(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            all.append(cause).append(" | ");
        }
        return all.toString();
    }

    private static void read(Rabbit rabbit, String queue) throws Exception {
        try (Channel channel = rabbit.channel()) {
            channel.basicGet(queue, false);
        }
    }

    private static void declareTopicExchange(Rabbit rabbit, String exchange) throws Exception {
        try (Channel channel = rabbit.channel()) {
            channel.exchangeDeclare(exchange, "topic", true);
        }
    }

    private static void publishConfirmed(Rabbit rabbit, String exchange, String routingKey, String body)
            throws Exception {
        publishConfirmed(rabbit, exchange, routingKey, body, new AMQP.BasicProperties.Builder());
    }

    private static void publishConfirmed(Rabbit rabbit, String exchange, String routingKey, String body,
            AMQP.BasicProperties.Builder properties) throws Exception {
        Channel channel = rabbit.channel();
        try {
            channel.confirmSelect();
            channel.basicPublish(exchange, routingKey, properties.deliveryMode(2).build(),
                    body.getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(10_000);
        } finally {
            if (channel.isOpen()) {
                channel.close();
            }
        }
    }
}
