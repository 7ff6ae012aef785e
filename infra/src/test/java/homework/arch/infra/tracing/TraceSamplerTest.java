package homework.arch.infra.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TraceSamplerTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void aClientSpanOutsideAnyTraceStartsNone() {
        assertThat(decision(new TraceSampler(1.0), Context.root(), SpanKind.CLIENT)).isEqualTo(SamplingDecision.DROP);
    }

    @Test
    void newTracesOfOtherKindsAreRecordedInTheConfiguredShare() {
        for (SpanKind kind : List.of(SpanKind.SERVER, SpanKind.CONSUMER, SpanKind.INTERNAL, SpanKind.PRODUCER)) {
            assertThat(decision(new TraceSampler(1.0), Context.root(), kind))
                    .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
            assertThat(decision(new TraceSampler(0.0), Context.root(), kind)).isEqualTo(SamplingDecision.DROP);
        }
    }

    @Test
    void withoutAnEndpointNoNewTraceIsRecordedButACallersRecordedTraceStillIs() {
        for (Optional<String> none : List.of(Optional.<String>empty(), Optional.of(" "))) {
            TraceSampler sampler = new TraceSampler(1.0, none);
            for (SpanKind kind : SpanKind.values()) {
                assertThat(decision(sampler, Context.root(), kind)).as(kind.name()).isEqualTo(SamplingDecision.DROP);
                assertThat(decision(sampler, parent(TraceFlags.getSampled()), kind)).as(kind.name())
                        .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
            }
        }
        assertThat(decision(new TraceSampler(1.0, Optional.of("http://collector:4317")), Context.root(),
                SpanKind.SERVER)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    }

    @Test
    void aClientSpanInATraceFollowsTheTracesDecision() {
        assertThat(decision(new TraceSampler(0.0), parent(TraceFlags.getSampled()), SpanKind.CLIENT))
                .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decision(new TraceSampler(1.0), parent(TraceFlags.getDefault()), SpanKind.CLIENT))
                .isEqualTo(SamplingDecision.DROP);
    }

    private static SamplingDecision decision(TraceSampler sampler, Context parent, SpanKind kind) {
        return sampler.shouldSample(parent, TRACE_ID, "span", kind, Attributes.empty(), List.of()).getDecision();
    }

    private static Context parent(TraceFlags flags) {
        return Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(TRACE_ID, "00f067aa0ba902b7", flags,
                TraceState.getDefault())));
    }
}
