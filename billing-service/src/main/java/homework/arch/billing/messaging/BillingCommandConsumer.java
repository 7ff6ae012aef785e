package homework.arch.billing.messaging;

import homework.arch.billing.config.BillingConfig;
import homework.arch.billing.service.OperationMetrics;
import homework.arch.infra.correlation.CorrelationId;
import homework.arch.infra.inbox.InboxConfig;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;
import io.smallrye.reactive.messaging.rabbitmq.RabbitMQRejectMetadata;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Flow;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * The consumer of the {@code billing.commands} queue (channel {@value #CHANNEL}, see application.properties).
 * <p>
 * Each message is read at once: one without a usable operation id goes to the dead-letter queue ({@link DeadLetters});
 * the others wait for one of {@code billing.commands.workers} workers, each of which takes every waiting command, up to
 * {@code billing.commands.batch-size}, and applies them in one transaction ({@link CommandBatches}). Messages are acked
 * only after that transaction committed. A failed batch is applied again one command per transaction, so that one
 * command that cannot be applied cannot hold back the others; a command that still fails after
 * {@code infra.inbox.retries} attempts goes back to the broker, which redelivers it until the queue's
 * {@code x-delivery-limit} and then dead-letters it; while the database is unavailable as a whole
 * ({@link DatabaseOutage}) commands wait for it instead. Nothing a message contains can stop this consumer.
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
    private final CommandBatches commands;
    private final DeadLetters deadLetters;
    private final OperationMetrics metrics;
    private final InboxConfig retry;
    private final int workers;
    private final int batchSize;
    private final Set<String> allowedSenders;
    private final List<Context> eventLoops = new CopyOnWriteArrayList<>();
    private final Future<String> eventLoopsDeployed;

    private final Object lock = new Object();
    private final Object demand = new Object();
    private final Deque<Delivery> waiting = new ArrayDeque<>();
    private int idleWorkers;
    private int nextEventLoop;
    private volatile Flow.Subscription subscription;

    /** @param received null when the message could not even be read */
    private record Delivery(Message<byte[]> message, ReceivedCommand received) {
    }

    public BillingCommandConsumer(CommandParser parser, CommandBatches commands, DeadLetters deadLetters,
            OperationMetrics metrics, InboxConfig retry, BillingConfig config, Vertx vertx) {
        this.parser = parser;
        this.commands = commands;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.retry = retry;
        this.workers = config.commands().workers();
        this.batchSize = config.commands().batchSize();
        this.allowedSenders = Set.copyOf(config.commands().allowedSenders());
        this.idleWorkers = workers;
        // One event loop per worker, so that the workers' JSON and SQL work is spread over the cores: each instance
        // of a verticle gets an event-loop context of its own, the instances taking the event loops in turn.
        this.eventLoopsDeployed = vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start() {
                eventLoops.add(context);
            }
        }, new DeploymentOptions().setInstances(workers));
    }

    @Incoming(CHANNEL)
    public Flow.Subscriber<Message<byte[]>> commands() {
        return new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                // No command before every worker has its event loop.
                eventLoopsDeployed.onSuccess(deployed -> requestMore(workers * batchSize))
                        .onFailure(failure -> LOG.error("The command workers could not start; no commands are "
                                + "consumed", failure));
            }

            @Override
            public void onNext(Message<byte[]> message) {
                try {
                    receive(message);
                } catch (RuntimeException bug) {
                    // Never let one message end the stream: hand it back, the delivery limit ends its rounds.
                    handBack(new Delivery(message, null), bug).subscribe().with(done -> requestMore(1));
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
        ReceivedCommand received = new ReceivedCommand((ParsedCommand.Command) parsed, replyTo,
                metadata.flatMap(IncomingRabbitMQMetadata::getCorrelationId).orElse(null),
                CorrelationId.adoptFrom(message), sender);
        synchronized (lock) {
            waiting.add(new Delivery(message, received));
        }
        dispatch();
    }

    /** Gives waiting commands to idle workers, as many per worker as are waiting (up to the batch size). */
    private void dispatch() {
        while (true) {
            List<Delivery> batch = new ArrayList<>();
            Context eventLoop;
            synchronized (lock) {
                if (idleWorkers == 0 || waiting.isEmpty()) {
                    return;
                }
                idleWorkers--;
                while (batch.size() < batchSize && !waiting.isEmpty()) {
                    batch.add(waiting.poll());
                }
                eventLoop = eventLoops.get(nextEventLoop);
                nextEventLoop = (nextEventLoop + 1) % workers;
            }
            // A context of its own: the batch's Hibernate session lives there, apart from every other batch's.
            Context context = VertxContext.createNewDuplicatedContext(eventLoop);
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> process(batch)
                    .onFailure().recoverWithUni(bug -> Multi.createFrom().iterable(batch)
                            .onItem().transformToUniAndConcatenate(delivery -> handBack(delivery, bug))
                            .collect().last().replaceWithVoid())
                    .subscribe().with(done -> finished(batch)));
        }
    }

    private void finished(List<Delivery> batch) {
        synchronized (lock) {
            idleWorkers++;
        }
        requestMore(batch.size());
        dispatch();
    }

    /** Workers finish on several event loops; a subscription must be asked serially (Reactive Streams 2.7). */
    private void requestMore(int messages) {
        synchronized (demand) {
            subscription.request(messages);
        }
    }

    private Uni<Void> process(List<Delivery> batch) {
        if (batch.size() == 1) {
            return alone(batch.get(0));
        }
        return applyAndAck(batch).onFailure().recoverWithUni(failure -> {
            LOG.infof("A batch of %d commands failed (%s); applying them one by one", batch.size(), failure);
            return Multi.createFrom().iterable(batch).onItem().transformToUniAndConcatenate(this::alone)
                    .collect().last().replaceWithVoid();
        });
    }

    /**
     * One command, one transaction, retried with backoff; then handed back to the broker. While the database is
     * unavailable as a whole, the command waits for it as long as it takes.
     */
    private Uni<Void> alone(Delivery delivery) {
        return applyAndAck(List.of(delivery))
                .onFailure(DatabaseOutage::explains).invoke(failure -> LOG.warnf(
                        "The database is unavailable (%s); command %s waits for it", failure,
                        delivery.received().command().operationId()))
                .onFailure(DatabaseOutage::explains).retry().withBackOff(retry.minBackoff(), retry.maxBackoff())
                .indefinitely()
                .onFailure().retry().withBackOff(retry.minBackoff(), retry.maxBackoff()).atMost(retry.retries())
                .onFailure().recoverWithUni(failure -> handBack(delivery, failure));
    }

    private Uni<Void> applyAndAck(List<Delivery> batch) {
        return Uni.createFrom().deferred(() -> commands.apply(batch.stream().map(Delivery::received).toList()))
                .invoke(answers -> answers.forEach(this::count))
                .chain(() -> Multi.createFrom().iterable(batch)
                        .onItem().transformToUniAndConcatenate(delivery -> settle(delivery.message().ack()))
                        .collect().last().replaceWithVoid());
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
                .onFailure().recoverWithUni(failure -> handBack(new Delivery(message, null), failure))
                .subscribe().with(done -> requestMore(1));
    }

    /** Requeued: the broker delivers it again (to any consumer) and counts the delivery against the queue's limit. */
    private Uni<Void> handBack(Delivery delivery, Throwable failure) {
        LOG.errorf(failure, "A command failed; handing it back to the broker (operation %s)",
                delivery.received() == null ? "unknown" : delivery.received().command().operationId());
        metrics.command(typeTag(delivery.received() == null ? null : delivery.received().command().type()),
                "handed_back", null);
        return settle(delivery.message().nack(failure, Metadata.of(new RabbitMQRejectMetadata(true))));
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
