package homework.arch.billing.messaging;

import homework.arch.billing.config.BillingConfig;
import homework.arch.billing.service.OperationMetrics;
import homework.arch.infra.correlation.CorrelationId;
import homework.arch.infra.inbox.InboxConfig;
import homework.arch.infra.tracing.MessageTracing;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;
import io.smallrye.reactive.messaging.rabbitmq.RabbitMQRejectMetadata;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * The consumer of the {@code billing.commands} queue (channel {@value #CHANNEL}, see application.properties).
 * <p>
 * Each message is read at once: one without a usable operation id goes to the dead-letter queue ({@link DeadLetters});
 * the others go to {@code billing.commands.workers} workers ({@link CommandWorkers}), which apply them in batches of
 * up to {@code billing.commands.batch-size} commands per transaction ({@link CommandBatches}) and ack each message after
 * the commit. A command handed back goes back to the broker, which redelivers it until the queue's
 * {@code x-delivery-limit} and then dead-letters it. Nothing a message contains can stop this consumer.
 * <p>
 * Why a subscriber and not a method per message: SmallRye applies a Uni-returning method to one message at a time,
 * while batches need several messages in hand; the demand asked for here ({@code workers × batch-size}) bounds how
 * many this instance holds, together with the broker's prefetch.
 */
@ApplicationScoped
public class BillingCommandConsumer {

    public static final String CHANNEL = "billing-commands";
    private static final String UNKNOWN_TYPE = "unknown";
    private static final Logger LOG = Logger.getLogger(BillingCommandConsumer.class);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(10);

    private final CommandParser parser;
    private final DeadLetters deadLetters;
    private final OperationMetrics metrics;
    private final Set<String> allowedSenders;
    private final CommandWorkers workers;
    private final MessageTracing tracing;

    private final Object demand = new Object();
    private volatile Flow.Subscription subscription;

    public BillingCommandConsumer(CommandParser parser, CommandBatches commands, DeadLetters deadLetters,
            OperationMetrics metrics, InboxConfig retry, BillingConfig config, Vertx vertx, MessageTracing tracing) {
        this.parser = parser;
        this.tracing = tracing;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.allowedSenders = Set.copyOf(config.commands().allowedSenders());
        this.workers = new CommandWorkers(vertx, config.commands().workers(), config.commands().batchSize(), retry,
                batch -> commands.apply(batch).invoke(answers -> answers.forEach(this::count)).replaceWithVoid(),
                this::requestMore);
    }

    /** A command's message: acked after its transaction, or handed back (requeued). */
    private final class MessageDelivery implements CommandWorkers.Delivery {

        private final Message<byte[]> message;
        private final ReceivedCommand received;

        /** @param received null when the message could not even be read */
        MessageDelivery(Message<byte[]> message, ReceivedCommand received) {
            this.message = message;
            this.received = received;
        }

        public ReceivedCommand received() {
            return received;
        }

        public Uni<Void> ack() {
            return settle(message.ack());
        }

        /** Requeued: the broker delivers it again (to any consumer) and counts it against the queue's limit. */
        public Uni<Void> handBack(Throwable failure) {
            LOG.errorf(failure, "A command failed; handing it back to the broker (operation %s)",
                    received == null ? "unknown" : received.command().operationId());
            metrics.command(typeTag(received == null ? null : received.command().type()), "handed_back", null);
            return settle(message.nack(failure, Metadata.of(new RabbitMQRejectMetadata(true))));
        }
    }

    @Incoming(CHANNEL)
    public Flow.Subscriber<Message<byte[]>> commands() {
        return new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                // No command before every worker has its event loop.
                workers.start().subscribe().with(started -> requestMore(workers.capacity()),
                        failure -> LOG.error("The command workers could not start; no commands are consumed",
                                failure));
            }

            @Override
            public void onNext(Message<byte[]> message) {
                try {
                    receive(message);
                } catch (RuntimeException bug) {
                    // Never let one message end the stream: hand it back, the delivery limit ends its rounds.
                    new MessageDelivery(message, null).handBack(bug).subscribe().with(done -> requestMore(1));
                }
            }

            @Override
            public void onError(Throwable failure) {
                LOG.error("The billing.commands channel failed; no more commands are consumed", failure);
            }

            @Override
            public void onComplete() {
                LOG.info("The billing.commands channel completed");
            }
        };
    }

    private void receive(Message<byte[]> message) {
        // With content-type-override the connector hands over the bytes as they came, whatever they are.
        Object payload = message.getPayload();
        byte[] body = payload instanceof byte[] bytes ? bytes : String.valueOf(payload).getBytes(StandardCharsets.UTF_8);
        Optional<IncomingRabbitMQMetadata> metadata = message.getMetadata(IncomingRabbitMQMetadata.class);
        String sender = metadata.flatMap(IncomingRabbitMQMetadata::getUserId).filter(user -> !user.isEmpty())
                .orElse(null);
        String replyTo = metadata.flatMap(IncomingRabbitMQMetadata::getReplyTo).filter(queue -> !queue.isEmpty())
                .orElse(null);
        // Who sent it and where its answer would go are checked before its content: a refused command has no effect
        // and no result, not even a rejection.
        ParsedCommand parsed = Senders.refusal(sender, allowedSenders, replyTo).<ParsedCommand>map(refused -> refused)
                .orElseGet(() -> parser.parse(body));
        if (parsed instanceof ParsedCommand.DeadLetter deadLetter) {
            deadLetter(message, body, deadLetter);
            return;
        }
        // Commands are applied in batches, not one by one, so the trace a command arrived in goes on in its results.
        Context trace = tracing.contextOf(message);
        String correlationId;
        try (Scope ignored = trace.makeCurrent()) {
            correlationId = CorrelationId.adoptFrom(message);
        }
        ReceivedCommand received = new ReceivedCommand((ParsedCommand.Command) parsed, replyTo,
                metadata.flatMap(IncomingRabbitMQMetadata::getCorrelationId).orElse(null), correlationId, sender,
                tracing.headersOf(trace));
        workers.submit(new MessageDelivery(message, received));
    }

    /** Workers finish on several event loops; a subscription must be asked serially (Reactive Streams 2.7). */
    private void requestMore(int messages) {
        synchronized (demand) {
            subscription.request(messages);
        }
    }

    private void count(CommandBatches.Answered answer) {
        BillingOperationResult result = answer.result();
        String status = result.status().name().toLowerCase(Locale.ROOT);
        metrics.command(typeTag(result.type()), answer.replayed() ? "replayed" : status, result.reason());
    }

    private void deadLetter(Message<byte[]> message, byte[] body, ParsedCommand.DeadLetter deadLetter) {
        LOG.warnf("Dead-lettering a command (%s): %s", deadLetter.reason(), deadLetter.detail());
        deadLetters.send(message, body, deadLetter.reason(), deadLetter.detail())
                .chain(() -> settle(message.ack()))
                .invoke(() -> metrics.command(UNKNOWN_TYPE, "dead_lettered", deadLetter.reason()))
                .onFailure().recoverWithUni(failure -> new MessageDelivery(message, null).handBack(failure))
                .subscribe().with(done -> requestMore(1));
    }

    /** A command type as a metric tag: the known types, everything else as one value. */
    private static String typeTag(String type) {
        return CommandType.named(type).map(Enum::name).orElse(UNKNOWN_TYPE);
    }

    /** An ack or nack that did not reach the broker needs no action: the broker redelivers the message. */
    private static Uni<Void> settle(CompletionStage<Void> settlement) {
        return settle(settlement, SETTLE_TIMEOUT);
    }

    /**
     * Waits for an ack or nack at most {@code timeout}: one sent on a channel the broker is closing may never be
     * answered, and a worker waiting for it would take no more commands. Unconfirmed, the message is redelivered
     * once its channel is gone, and a redelivered command is answered from its idempotency record.
     */
    static Uni<Void> settle(CompletionStage<Void> settlement, Duration timeout) {
        return Uni.createFrom().completionStage(settlement)
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException("no answer from the broker in "
                        + timeout))
                .onFailure().invoke(e -> LOG.warnf("Could not settle a command message (%s); it will be redelivered",
                        e.toString()))
                .onFailure().recoverWithNull();
    }
}
