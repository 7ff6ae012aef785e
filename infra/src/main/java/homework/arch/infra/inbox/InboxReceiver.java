package homework.arch.infra.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import homework.arch.infra.broker.Delivery;
import homework.arch.infra.correlation.CorrelationId;
import homework.arch.infra.metrics.MessagingMetrics;
import homework.arch.infra.tracing.MessageTracing;
import homework.arch.infra.tracing.Traces;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The one way a consumer handles an event from RabbitMQ: restore the correlation id, read and validate the event,
 * apply its effect together with the inbox record (in a transaction, or in the effect's one statement) so that a
 * duplicate has no effect, and ack only after that commit. Unreadable or invalid events are dead-lettered at once; a
 * failing transaction or statement is retried with backoff, then handed back to the broker (requeued, up to the
 * queue's delivery limit).
 * <p>
 * Events are read tolerantly: unknown fields are ignored, so producers can add fields without breaking consumers.
 * Everything else (types, required fields via Bean Validation on the event record) is checked.
 */
@ApplicationScoped
public class InboxReceiver {

    private static final Logger LOG = Logger.getLogger(InboxReceiver.class);

    private final Inbox inbox;
    private final ObjectMapper reader;
    private final Validator validator;
    private final InboxConfig config;
    private final MessageTracing tracing;
    private final MessagingMetrics metrics;

    public InboxReceiver(Inbox inbox, ObjectMapper mapper, Validator validator, InboxConfig config,
            MessageTracing tracing, MessagingMetrics metrics) {
        this.inbox = inbox;
        this.reader = mapper.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.validator = validator;
        this.config = config;
        this.tracing = tracing;
        this.metrics = metrics;
    }

    /**
     * Never fails: whatever happens, the message ends acked, dead-lettered or requeued, and the channel goes on.
     *
     * @param delivery the message as it came
     * @param consumer a stable name of this consumer (the inbox key together with the event id)
     * @param eventId  where the event keeps its id
     * @param effect   the consumer's change, run inside the transaction; may throw {@link PoisonMessage}
     */
    public <T> Uni<Void> receive(Delivery delivery, String consumer, Class<T> type, Function<T, UUID> eventId,
            Function<T, Uni<Void>> effect) {
        return receiveOnce(delivery, consumer, type, eventId, (event, id) -> Panache.withTransaction(
                () -> inbox.markProcessed(id, consumer).chain(first -> first
                        ? effect.apply(event).replaceWith(true)
                        : Uni.createFrom().item(false))));
    }

    /**
     * As {@link #receive}, for an effect that is one autocommitted statement writing the inbox record itself, so that
     * the event costs one round trip and no Hibernate session. The message's span is current while the statement
     * runs, and the message is acked only once the statement succeeded.
     */
    public <T> Uni<Void> receiveInOneStatement(Delivery delivery, String consumer, Class<T> type,
            Function<T, UUID> eventId, RecordingEffect<T> effect) {
        return receiveOnce(delivery, consumer, type, eventId,
                (event, id) -> effect.apply(event, new InboxEntry(consumer, id)));
    }

    /** @param once applies the event unless it was applied before; tells whether it was new */
    private <T> Uni<Void> receiveOnce(Delivery delivery, String consumer, Class<T> type, Function<T, UUID> eventId,
            BiFunction<T, UUID, Uni<Boolean>> once) {
        // The message's trace goes on in this span until the message is settled.
        return Traces.within(() -> tracing.startProcess(delivery, consumer), () -> settle(delivery, consumer, type,
                eventId, once));
    }

    private <T> Uni<Void> settle(Delivery delivery, String consumer, Class<T> type, Function<T, UUID> eventId,
            BiFunction<T, UUID, Uni<Boolean>> once) {
        CorrelationId.adoptFrom(delivery);
        return Uni.createFrom().item(() -> read(delivery.body(), type))
                .chain(event -> applyOnce(event, eventId.apply(event), consumer, once))
                .invoke(delivery::ack)
                .onFailure(PoisonMessage.class).recoverWithItem(e -> {
                    deadLetter(delivery, consumer, e);
                    metrics.deadLettered(consumer);
                    return null;
                })
                .onFailure().recoverWithItem(e -> {
                    requeue(delivery, consumer, e);
                    return null;
                });
    }

    private <T> Uni<Void> applyOnce(T event, UUID id, String consumer, BiFunction<T, UUID, Uni<Boolean>> once) {
        return Uni.createFrom().deferred(() -> once.apply(event, id))
                .onFailure(e -> !(e instanceof PoisonMessage)).retry()
                .withBackOff(config.minBackoff(), config.maxBackoff()).atMost(config.retries())
                // Counted once what was written is final: an attempt that saw the duplicate may still have failed.
                .invoke(first -> {
                    if (!first) {
                        LOG.debugf("%s: event %s already processed, skipped", consumer, id);
                        metrics.duplicateSkipped(consumer);
                    }
                })
                .replaceWithVoid();
    }

    /**
     * Reads an event the way {@link #receive} does (tolerant of unknown fields, strict about types, validated);
     * contract tests use it on sample payloads of the producers.
     *
     * @throws PoisonMessage if the payload is no valid {@code type}
     */
    public <T> T read(byte[] payload, Class<T> type) {
        T event;
        try {
            event = reader.readValue(payload, type);
        } catch (JsonProcessingException e) {
            throw new PoisonMessage("unreadable " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PoisonMessage("unreadable " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        if (event == null) {
            throw new PoisonMessage("empty " + type.getSimpleName());
        }
        Set<ConstraintViolation<T>> violations = validator.validate(event);
        if (!violations.isEmpty()) {
            throw new PoisonMessage("invalid " + type.getSimpleName() + ": " + violations.stream()
                    .map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted()
                    .collect(Collectors.joining(", ")));
        }
        return event;
    }

    private static void deadLetter(Delivery delivery, String consumer, Throwable reason) {
        LOG.warnf("%s: dead-lettering message %s: %s", consumer, messageId(delivery), reason.getMessage());
        delivery.deadLetter();
    }

    private static void requeue(Delivery delivery, String consumer, Throwable reason) {
        LOG.errorf(reason, "%s: message %s failed, handing it back to the broker", consumer, messageId(delivery));
        delivery.requeue();
    }

    private static String messageId(Delivery delivery) {
        return delivery.messageId().orElse("(no message_id)");
    }
}
