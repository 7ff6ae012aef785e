package homework.arch.system;

import static io.restassured.RestAssured.given;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;

/**
 * The stack's RabbitMQ as the reliability suite uses it: an AMQP connection that recovers by itself from a broker
 * restart (connection, channels, consumers, the durable queues it declared), and the management API's counts.
 */
final class Rabbit implements AutoCloseable {

    private static final String MANAGEMENT_URL = Stack.setting("broker.management-url", "http://127.0.0.1:15672");
    private static final String USERNAME = Stack.setting("broker.username", "guest");
    private static final String PASSWORD = Stack.setting("broker.password", "guest");
    private static final String VIRTUAL_HOST = Stack.setting("broker.virtual-host", "/");

    private final Connection connection;

    private Rabbit(Connection connection) {
        this.connection = connection;
    }

    static Rabbit connect(String name) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(Stack.setting("broker.host", "127.0.0.1"));
        factory.setPort(Integer.parseInt(Stack.setting("broker.port", "5672")));
        factory.setUsername(USERNAME);
        factory.setPassword(PASSWORD);
        factory.setVirtualHost(VIRTUAL_HOST);
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(1_000);
        try {
            return new Rabbit(factory.newConnection(name));
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException("cannot connect to RabbitMQ", e);
        }
    }

    Channel channel() throws IOException {
        return connection.createChannel();
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
        try {
            connection.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
