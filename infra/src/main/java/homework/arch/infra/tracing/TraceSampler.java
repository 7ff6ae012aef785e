package homework.arch.infra.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which spans are recorded: those of a trace the caller records (its {@code traceparent}'s sampled flag), and of new
 * traces the share {@code quarkus.otel.traces.sampler.arg} ({@code OTEL_TRACES_SAMPLER_ARG}, the chart's
 * {@code tracing.sampleRatio}); Quarkus uses this bean instead of its configured sampler. What it adds: a client span
 * with no trace around it (the outbox relay's claims, a gauge's query, a job's poll that found nothing to do) starts
 * no trace. Such a statement would otherwise be a trace of one span each, several per second per service, that no one
 * looks for; the work that matters starts a trace of its own ({@link Traces#inNewTrace}), whose statements are
 * recorded in it. And where no OTLP endpoint is named ({@link TracingExport}), no new trace is recorded at all: its
 * spans could only be dropped, after the CPU spent on building them. Such a trace still has its ids in
 * the logs and in the headers that go out; a caller's recorded trace is still recorded, so that its sampled flag goes
 * on to the services after this one.
 */
@Singleton
public class TraceSampler implements Sampler {

    private final Sampler recorded;

    @Inject
    public TraceSampler(@ConfigProperty(name = "quarkus.otel.traces.sampler.arg", defaultValue = "1.0") double ratio,
            @ConfigProperty(name = "infra.tracing.otlp-endpoint") Optional<String> endpoint) {
        this(endpoint.filter(url -> !url.isBlank()).isPresent() ? ratio : 0.0);
    }

    /** @param ratio the share of new traces recorded */
    TraceSampler(double ratio) {
        this.recorded = Sampler.parentBased(Sampler.traceIdRatioBased(ratio));
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
            Attributes attributes, List<LinkData> parentLinks) {
        if (spanKind == SpanKind.CLIENT && !Span.fromContext(parentContext).getSpanContext().isValid()) {
            return SamplingResult.drop();
        }
        return recorded.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return "NoRootClientSpans{" + recorded.getDescription() + "}";
    }
}
