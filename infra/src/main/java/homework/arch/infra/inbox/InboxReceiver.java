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
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The one way a consumer handles an event from RabbitMQ: restore the correlation id, read and validate the event,
 * apply its effect together with the inbox record (in a transaction, or in the one statement of a batch of events) so
 * that a duplicate has no effect, and ack only after that commit. Unreadable or invalid events are dead-lettered at
 * once; a failing transaction or statement is retried with backoff, then handed back to the broker (requeued, up to
 * the queue's delivery limit).
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
    private final Vertx vertx;

    public InboxReceiver(Inbox inbox, ObjectMapper mapper, Validator validator, InboxConfig config,
            MessageTracing tracing, MessagingMetrics metrics, Vertx vertx) {
        this.inbox = inbox;
        this.reader = mapper.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.validator = validator;
        this.config = config;
        this.tracing = tracing;
        this.metrics = metrics;
        this.vertx = vertx;
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
        return receiveOnce(delivery, consumer, type, event -> retried(() -> Panache.withTransaction(
                () -> inbox.markProcessed(eventId.apply(event), consumer).chain(first -> first
                        ? effect.apply(event).replaceWith(true)
                        : Uni.createFrom().item(false)))));
    }

    /**
     * A receiver for a consumer whose events are applied in batches, each batch in the one statement of
     * {@code effect}, so that many events cost one round trip, one commit and no Hibernate session. Each message is
     * settled as {@link #receive} settles it, its span current until then; a batch that keeps failing hands each of
     * its messages back to the broker.
     */
    public <T, W, R> InboxBatches<T, W, R> inBatches(String consumer, Class<T> type, Function<T, UUID> eventId,
            BatchEffect<T, W, R> effect) {
        return new InboxBatches<>(this, consumer, type, eventId, effect, vertx, config);
    }

    /**
     * Reads the message's event, has {@code once} apply it unless it was applied before, and settles the message.
     *
     * @param once tells whether the event was new
     */
    <T> Uni<Void> receiveOnce(Delivery delivery, String consumer, Class<T> type,
            Function<T, Uni<? extends Boolean>> once) {
        // The message's trace goes on in this span until the message is settled.
        return Traces.within(() -> tracing.startProcess(delivery, consumer), () -> {
            CorrelationId.adoptFrom(delivery);
            return Uni.createFrom().item(() -> read(delivery.body(), type))
                    .chain(once)
                    // Counted once what was written is final: an attempt that saw the duplicate may still have failed.
                    .invoke(first -> {
                        if (!first) {
                            LOG.debugf("%s: message %s already processed, skipped", consumer, messageId(delivery));
                            metrics.duplicateSkipped(consumer);
                        }
                    })
                    .invoke(delivery::ack)
                    .onFailure(PoisonMessage.class).recoverWithItem(e -> {
                        deadLetter(delivery, consumer, e);
                        metrics.deadLettered(consumer);
                        return null;
                    })
                    .onFailure().recoverWithItem(e -> {
                        requeue(delivery, consumer, e);
                        return null;
                    })
                    .replaceWithVoid();
        });
    }

    /** {@code attempt}, again with backoff while it fails for a reason other than the message itself. */
    <T> Uni<T> retried(Supplier<Uni<? extends T>> attempt) {
        return Uni.createFrom().deferred(attempt)
                .onFailure(e -> !(e instanceof PoisonMessage)).retry()
                .withBackOff(config.minBackoff(), config.maxBackoff()).atMost(config.retries());
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
