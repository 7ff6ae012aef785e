package homework.arch.billing.messaging;

import homework.arch.billing.config.BillingConfig;
import homework.arch.billing.service.OperationMetrics;
import homework.arch.infra.broker.Delivery;
import homework.arch.infra.broker.QueueHandler;
import homework.arch.infra.correlation.CorrelationId;
import homework.arch.infra.inbox.InboxConfig;
import homework.arch.infra.tracing.MessageTracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The consumer of the {@code billing.commands} queue (channel {@value #CHANNEL} of infra's consumers, see
 * application.properties).
 * <p>
 * Each message is read at once: one without a usable operation id goes to the dead-letter queue ({@link DeadLetters});
 * the others go to {@code billing.commands.workers} workers ({@link CommandWorkers}), which apply them in batches of
 * up to {@code billing.commands.batch-size} commands per transaction ({@link CommandBatches}) and ack each message after
 * the commit. A command handed back goes back to the broker, which redelivers it until the queue's
 * {@code x-delivery-limit} and then dead-letters it. Nothing a message contains can stop this consumer.
 * <p>
 * This instance holds {@code workers × batch-size} commands at most (its prefetch), so that every worker can fill a
 * batch. Each delivery's handling ends when its command is settled, so the consumer's "requeue what was left
 * unsettled" never fires for a command still waiting in a batch.
 */
@ApplicationScoped
public class BillingCommandConsumer implements QueueHandler {

    public static final String CHANNEL = "billing-commands";
    static final String CONSUMER = "billing-service.commands";
    private static final String UNKNOWN_TYPE = "unknown";
    private static final Logger LOG = Logger.getLogger(BillingCommandConsumer.class);

    private final CommandParser parser;
    private final DeadLetters deadLetters;
    private final OperationMetrics metrics;
    private final Set<String> allowedSenders;
    private final CommandWorkers workers;
    private final MessageTracing tracing;

    public BillingCommandConsumer(CommandParser parser, CommandBatches commands, DeadLetters deadLetters,
            OperationMetrics metrics, InboxConfig retry, BillingConfig config, Vertx vertx, MessageTracing tracing) {
        this.parser = parser;
        this.tracing = tracing;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.allowedSenders = Set.copyOf(config.commands().allowedSenders());
        this.workers = new CommandWorkers(vertx, config.commands().workers(), config.commands().batchSize(), retry,
                batch -> commands.apply(batch).invoke(answers -> answers.forEach(this::count)).replaceWithVoid());
    }

    /** Commands that arrive before the workers have their event loops wait for them. */
    void onStart(@Observes StartupEvent event) {
        workers.start().subscribe().with(started -> LOG.debug("The command workers started"),
                failure -> LOG.error("The command workers could not start; no commands are applied", failure));
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public OptionalInt prefetch() {
        return OptionalInt.of(workers.capacity());
    }

    /** A command's message: acked after its transaction, or handed back (requeued); then its handling is over. */
    private final class CommandDelivery implements CommandWorkers.Delivery {

        private final Delivery delivery;
        private final ReceivedCommand received;
        private final Span span;
        private final UniEmitter<? super Void> handled;

        CommandDelivery(Delivery delivery, ReceivedCommand received, Span span, UniEmitter<? super Void> handled) {
            this.delivery = delivery;
            this.received = received;
            this.span = span;
            this.handled = handled;
        }

        public ReceivedCommand received() {
            return received;
        }

        public void ack() {
            delivery.ack();
            finished();
        }

        /** Requeued: the broker delivers it again (to any consumer) and counts it against the queue's limit. */
        public void handBack(Throwable failure) {
            LOG.errorf(failure, "A command failed; handing it back to the broker (operation %s)",
                    received.command().operationId());
            metrics.command(typeTag(received.command().type()), "handed_back", null);
            delivery.requeue();
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR);
            finished();
        }

        private void finished() {
            span.end();
            handled.complete(null);
        }
    }

    @Override
    public Uni<Void> onDelivery(Delivery delivery) {
        String sender = nullIfEmpty(delivery.properties().getUserId());
        String replyTo = nullIfEmpty(delivery.properties().getReplyTo());
        // Who sent it and where its answer would go are checked before its content: a refused command has no effect
        // and no result, not even a rejection.
        ParsedCommand parsed = Senders.refusal(sender, allowedSenders, replyTo).<ParsedCommand>map(refused -> refused)
                .orElseGet(() -> parser.parse(delivery.body()));
        if (parsed instanceof ParsedCommand.DeadLetter deadLetter) {
            return deadLetter(delivery, deadLetter);
        }
        // Commands are applied in batches, not one by one: the span of each lasts from its arrival to its settlement,
        // and the trace goes on in its result.
        Span span = tracing.startProcess(delivery, CONSUMER);
        String correlationId;
        try (Scope ignored = span.makeCurrent()) {
            correlationId = CorrelationId.adoptFrom(delivery);
        }
        ReceivedCommand received = new ReceivedCommand((ParsedCommand.Command) parsed, replyTo,
                delivery.correlationId().orElse(null), correlationId, sender,
                tracing.headersOf(Context.root().with(span)));
        return Uni.createFrom().emitter(handled -> workers.submit(new CommandDelivery(delivery, received, span,
                handled)));
    }

    private void count(CommandBatches.Answered answer) {
        BillingOperationResult result = answer.result();
        String status = result.status().name().toLowerCase(Locale.ROOT);
        metrics.command(typeTag(result.type()), answer.replayed() ? "replayed" : status, result.reason());
    }

    /** Acked once the broker confirmed the copy; requeued (by the consumer) if it may not have it. */
    private Uni<Void> deadLetter(Delivery delivery, ParsedCommand.DeadLetter deadLetter) {
        LOG.warnf("Dead-lettering a command (%s): %s", deadLetter.reason(), deadLetter.detail());
        return deadLetters.send(delivery, deadLetter.reason(), deadLetter.detail())
                .invoke(() -> {
                    delivery.ack();
                    metrics.command(UNKNOWN_TYPE, "dead_lettered", deadLetter.reason());
                });
    }

    private static String nullIfEmpty(String property) {
        return property == null || property.isEmpty() ? null : property;
    }

    /** A command type as a metric tag: the known types, everything else as one value. */
    private static String typeTag(String type) {
        return CommandType.named(type).map(Enum::name).orElse(UNKNOWN_TYPE);
    }
}
