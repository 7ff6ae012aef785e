package homework.arch.system;

import static io.restassured.RestAssured.given;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import homework.arch.testsupport.BrokerClient;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The stack's RabbitMQ as the reliability suite uses it: an AMQP connection that recovers by itself from a broker
 * restart (connection, channels, consumers, the durable queues it declared), and the management API's counts.
 */
final class Rabbit implements AutoCloseable {

    private static final String MANAGEMENT_URL = Stack.setting("broker.management-url", "http://127.0.0.1:15672");
    private static final String USERNAME = Stack.setting("broker.username", "guest");
    private static final String PASSWORD = Stack.setting("broker.password", "guest");
    private static final String VIRTUAL_HOST = Stack.setting("broker.virtual-host", "/");

    private final BrokerClient client;

    private Rabbit(BrokerClient client) {
        this.client = client;
    }

    /** Where `make run` keeps the local stack's credentials (scripts/stack.sh). */
    private static final String KEYS = Stack.setting("keys-dir", Stack.runDir().resolve("keys").toString());

    /** The broker user external systems send billing commands as (billing's allowed sender in the local stack). */
    static final String COMMAND_SENDER = Stack.setting("broker.command-sender", "billing-commands-sender");

    /** As the test tooling's broker user (guest, an administrator of the machine's broker). */
    static Rabbit connect(String name) {
        return connect(name, USERNAME, PASSWORD);
    }

    /** As one of the local stack's broker users, with its password from .run/keys. */
    static Rabbit connectAs(String name, String user) {
        return connect(name, user, password(user));
    }

    /** A broker user's password as `make run` made it: .run/keys/&lt;user&gt;.rabbitmq-password. */
    static String password(String user) {
        java.nio.file.Path file = java.nio.file.Path.of(KEYS, user + ".rabbitmq-password");
        try {
            return java.nio.file.Files.readString(file).strip();
        } catch (IOException e) {
            throw new IllegalStateException("no password for the broker user " + user + " at " + file
                    + " (made by `make run`)", e);
        }
    }

    /** Every connection the broker has now, as the management API lists them. */
    static List<Map<String, Object>> connections() {
        return given().auth().preemptive().basic(USERNAME, PASSWORD).baseUri(MANAGEMENT_URL)
                .get("/api/connections").then().statusCode(200).extract()
                .as(new io.restassured.common.mapper.TypeRef<List<Map<String, Object>>>() {
                });
    }

    static Rabbit connect(String name, String username, String password) {
        return new Rabbit(BrokerClient.connect(name, new BrokerClient.Settings(Stack.setting("broker.host", "127.0.0.1"),
                Integer.parseInt(Stack.setting("broker.port", "5672")), username, password, VIRTUAL_HOST)));
    }

    Channel channel() throws IOException {
        return client.channel();
    }

    /** Takes this test's messages off {@code queue} and puts everyone else's back. */
    List<GetResponse> take(String queue, Predicate<AMQP.BasicProperties> matching) {
        return client.take(queue, matching);
    }

    /** Messages on {@code queue}: waiting and delivered but not acked, as the management API counts them. */
    record Counts(long ready, long unacked) {

        long total() {
            return ready + unacked;
        }
    }

    /** The management API's figures lag a few seconds behind the queue: poll them. */
    static Counts counts(String queue) {
        JsonPath body = given().auth().preemptive().basic(USERNAME, PASSWORD).baseUri(MANAGEMENT_URL)
                .urlEncodingEnabled(false)
                .get("/api/queues/" + encode(VIRTUAL_HOST) + "/" + encode(queue))
                .then().statusCode(200).extract().jsonPath();
        return new Counts(body.getLong("messages_ready"), body.getLong("messages_unacknowledged"));
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        client.close();
    }
}
