package homework.arch.infra.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/** Spans around reactive work, for what Quarkus does not trace by itself. */
@ApplicationScoped
public class Traces {

    private final Tracer tracer;

    public Traces(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("homework.arch.infra");
    }

    /**
     * Runs {@code work} in a trace of its own, e.g. one per order a reconciler settles, so that each one's logs and
     * events can be told apart; the new trace links to the one current when it starts, if any (scheduled runs have
     * none of their own).
     */
    public <T> Uni<T> inNewTrace(String name, Supplier<Uni<T>> work) {
        return within(() -> {
            var builder = tracer.spanBuilder(name).setNoParent();
            if (Span.current().getSpanContext().isValid()) {
                builder.addLink(Span.current().getSpanContext());
            }
            return builder.startSpan();
        }, work);
    }

    /**
     * Runs {@code work} with the span current on this (duplicated) Vert.x context until the work's Uni terminates,
     * then ends it: the database spans and log lines of the work belong to it. The span starts on subscription.
     */
    public static <T> Uni<T> within(Supplier<Span> start, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Span span = start.get();
            Scope scope = span.makeCurrent();
            Uni<T> started;
            try {
                started = work.get();
            } catch (RuntimeException e) {
                started = Uni.createFrom().failure(e);
            }
            return started
                    .onFailure().invoke(failure -> {
                        span.recordException(failure);
                        span.setStatus(StatusCode.ERROR);
                    })
                    .onTermination().invoke(() -> {
                        span.end();
                        scope.close();
                    });
        });
    }
}
