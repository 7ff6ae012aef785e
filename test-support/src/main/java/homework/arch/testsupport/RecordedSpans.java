package homework.arch.testsupport;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The spans a Quarkus test app finished, to look at the trees they form. Quarkus adds every span processor bean to its
 * tracer; this one keeps the newest {@value #KEPT} finished spans in memory, so long test runs do not grow without
 * end. A processor, not an exporter: an exporter bean would take the place of the OTLP exporter a test may check.
 */
@Singleton
public class RecordedSpans implements SpanProcessor {

    private static final int KEPT = 20_000;

    private final ConcurrentLinkedDeque<SpanData> spans = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
    }

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        spans.add(span.toSpanData());
        if (size.incrementAndGet() > KEPT && spans.pollFirst() != null) {
            size.decrementAndGet();
        }
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    /** The finished spans of one trace, by span id. */
    public Map<String, SpanData> ofTrace(String traceId) {
        return spans.stream().filter(span -> span.getTraceId().equals(traceId))
                .collect(Collectors.toMap(SpanData::getSpanId, Function.identity(), (a, b) -> a));
    }

    /** The finished spans that began a trace of their own (no parent), of {@code kind}. */
    public List<SpanData> roots(SpanKind kind) {
        return spans.stream().filter(span -> span.getKind() == kind && !span.getParentSpanContext().isValid()).toList();
    }

    /** The one span of {@code kind} whose name contains {@code name} in {@code trace}; fails if none or several. */
    public static SpanData only(Map<String, SpanData> trace, SpanKind kind, String name) {
        return trace.values().stream().filter(span -> span.getKind() == kind && span.getName().contains(name))
                .reduce((a, b) -> {
                    throw new AssertionError("more than one " + kind + " span named like " + name);
                })
                .orElseThrow(() -> new AssertionError("no " + kind + " span named like " + name + " in "
                        + trace.values().stream().map(s -> s.getKind() + " " + s.getName()).toList()));
    }

    /** Whether {@code ancestor} is {@code span}'s parent, or its parent's, and so on within {@code trace}. */
    public static boolean descendsFrom(Map<String, SpanData> trace, SpanData span, SpanData ancestor) {
        Optional<SpanData> parent = Optional.ofNullable(trace.get(span.getParentSpanId()));
        while (parent.isPresent()) {
            if (parent.get().getSpanId().equals(ancestor.getSpanId())) {
                return true;
            }
            parent = Optional.ofNullable(trace.get(parent.get().getParentSpanId()));
        }
        return false;
    }
}
