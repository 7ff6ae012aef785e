package homework.arch.infra.broker;

import com.rabbitmq.client.ConnectionFactory;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where this service's RabbitMQ is and who it is there: {@code rabbitmq-host}, {@code rabbitmq-port},
 * {@code rabbitmq-username}, {@code rabbitmq-password}, {@code rabbitmq-virtual-host}, the settings the SmallRye
 * connector reads too (production takes them from RABBITMQ_HOST, RABBITMQ_PORT, RABBITMQ_USERNAME, RABBITMQ_PASSWORD).
 * The outbox relay and the queue consumers connect with RabbitMQ's Java client from here.
 */
@ApplicationScoped
public class Broker {

    private final ConnectionFactory factory;

    public Broker(@ConfigProperty(name = "rabbitmq-host", defaultValue = "localhost") String host,
            @ConfigProperty(name = "rabbitmq-port", defaultValue = "5672") int port,
            @ConfigProperty(name = "rabbitmq-username", defaultValue = "guest") String username,
            @ConfigProperty(name = "rabbitmq-password", defaultValue = "guest") String password,
            @ConfigProperty(name = "rabbitmq-virtual-host", defaultValue = "/") String virtualHost) {
        factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(username);
        factory.setPassword(password);
        factory.setVirtualHost(virtualHost);
        factory.setConnectionTimeout(5_000);
        factory.setHandshakeTimeout(5_000);
        factory.setRequestedHeartbeat(15);
    }

    /** The settings as a connection factory of the caller's own, free to modify. */
    public ConnectionFactory factory() {
        return factory.clone();
    }
}
