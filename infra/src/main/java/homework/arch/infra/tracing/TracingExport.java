package homework.arch.infra.tracing;

import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Spans leave a service only when an OTLP endpoint is named ({@code OTEL_EXPORTER_OTLP_ENDPOINT} or
 * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}, which the chart sets from {@code tracing.otlp.endpoint}). Quarkus's own
 * OTLP exporter would otherwise send every span to {@code localhost:4317} and log each failed attempt. Without an
 * endpoint, this exporter, which drops spans, stands in for it (Quarkus uses an exporter bean instead of its own
 * whenever there is one), so trace and span ids still appear in logs and in the headers that go out, and nothing is
 * sent anywhere.
 */
public class TracingExport {

    @Produces
    @Singleton
    @LookupIfProperty(name = "infra.tracing.otlp-endpoint", stringValue = "", lookupIfMissing = true)
    SpanExporter noExport() {
        return SpanExporter.composite();
    }
}
