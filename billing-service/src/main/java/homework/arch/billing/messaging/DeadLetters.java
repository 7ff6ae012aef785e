package homework.arch.billing.messaging;

import com.rabbitmq.client.AMQP;
import homework.arch.infra.broker.Delivery;
import homework.arch.infra.metrics.MessagingMetrics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Puts commands that cannot be answered on {@code billing.commands.dlq}, with the reason in their headers.
 * <p>
 * Why a copy and not the broker's own dead-lettering (reject without requeue): a rejected message reaches the
 * dead-letter queue unchanged, with the broker's reason ({@code rejected}) but not ours. The copy keeps the body and
 * properties of the original and adds {@value #REASON_HEADER} (a stable code) and {@value #DETAIL_HEADER}; the
 * original is acked once the broker has confirmed the copy, so a crash in between leaves a second copy at worst,
 * never none. Commands that keep failing are still dead-lettered by the broker, after the queue's
 * {@code x-delivery-limit} (its {@code x-first-death-reason} header then says {@code delivery_limit}).
 */
@ApplicationScoped
public class DeadLetters {

    public static final String CHANNEL = "billing-commands-dlq";
    public static final String REASON_HEADER = "x-dead-letter-reason";
    public static final String DETAIL_HEADER = "x-dead-letter-detail";
    private static final int MAX_DETAIL_LENGTH = 500;
    private static final int PERSISTENT = 2;

    private final MutinyEmitter<byte[]> emitter;
    private final MessagingMetrics metrics;

    public DeadLetters(@Channel(CHANNEL) MutinyEmitter<byte[]> emitter, MessagingMetrics metrics) {
        this.emitter = emitter;
        this.metrics = metrics;
    }

    /**
     * Completes once the broker has confirmed the copy (counted then, like the inbox's dead letters, under the
     * consumer {@value BillingCommandConsumer#CHANNEL}); fails if it may not have it.
     */
    public Uni<Void> send(Delivery original, String reason, String detail) {
        AMQP.BasicProperties in = original.properties();
        OutgoingRabbitMQMetadata.Builder copy = OutgoingRabbitMQMetadata.builder().withDeliveryMode(PERSISTENT);
        Map<String, Object> headers = new HashMap<>(original.headers());
        Optional.ofNullable(in.getMessageId()).ifPresent(copy::withMessageId);
        Optional.ofNullable(in.getCorrelationId()).ifPresent(copy::withCorrelationId);
        Optional.ofNullable(in.getReplyTo()).ifPresent(copy::withReplyTo);
        Optional.ofNullable(in.getType()).ifPresent(copy::withType);
        Optional.ofNullable(in.getContentType()).ifPresent(copy::withContentType);
        Optional.ofNullable(in.getAppId()).ifPresent(copy::withAppId);
        Optional.ofNullable(in.getTimestamp())
                .ifPresent(at -> copy.withTimestamp(at.toInstant().atZone(ZoneOffset.UTC)));
        headers.put(REASON_HEADER, reason);
        headers.put(DETAIL_HEADER, detail.length() > MAX_DETAIL_LENGTH ? detail.substring(0, MAX_DETAIL_LENGTH) : detail);
        return emitter.sendMessage(Message.of(original.body(), Metadata.of(copy.withHeaders(headers).build())))
                .invoke(() -> metrics.deadLettered(BillingCommandConsumer.CHANNEL));
    }
}
