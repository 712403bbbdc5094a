package io.llmux.telemetry;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The OpenTelemetry SDK, built by hand rather than by the Java agent (which costs about a second
 * of cold start): X-Ray-compatible trace ids (the time-prefixed ids X-Ray requires), the X-Ray and
 * W3C propagators, and OTLP export to the ADOT collector when OTEL_EXPORTER_OTLP_ENDPOINT is set.
 */
@Factory
public class TelemetryFactory {

    @Singleton
    @Bean(preDestroy = "close")
    OpenTelemetrySdk openTelemetry(List<SpanProcessor> processors, @Value("${llmux.service-name:llmux}") String serviceName) {
        SdkTracerProviderBuilder tracing = SdkTracerProvider.builder()
                .setIdGenerator(RestoreSafeXrayIdGenerator.INSTANCE)
                .setResource(Resource.getDefault().merge(Resource.builder().put("service.name", serviceName).build()));
        // The SDK hands out non-recording, all-zero spans when no processor is registered; a
        // discarding one keeps trace ids real (for logs and response headers) with nothing to export to.
        (processors.isEmpty() ? List.of(new DiscardingSpanProcessor()) : processors).forEach(tracing::addSpanProcessor);
        return OpenTelemetrySdk.builder()
                .setTracerProvider(tracing.build())
                .setPropagators(propagators())
                .build();
    }

    /** Reads (and writes) X-Amzn-Trace-Id, as API Gateway and Lambda send it, and W3C traceparent. */
    public static ContextPropagators propagators() {
        return ContextPropagators.create(TextMapPropagator.composite(
                XrayTraceHeaderPropagator.getInstance(), W3CTraceContextPropagator.getInstance()));
    }

    @Singleton
    Tracer tracer(OpenTelemetrySdk sdk) {
        return sdk.getTracer("io.llmux");
    }

    @Singleton
    @Requires(property = "otel.exporter.otlp.endpoint")
    SpanProcessor otlpExport(@Value("${otel.exporter.otlp.endpoint}") String endpoint) {
        String url = endpoint.endsWith("/v1/traces") ? endpoint : endpoint.replaceAll("/$", "") + "/v1/traces";
        return BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder().setEndpoint(url).build()).build();
    }

    /** Accepts spans and keeps none. */
    static final class DiscardingSpanProcessor implements SpanProcessor {
        @Override
        public void onStart(io.opentelemetry.context.Context parentContext, io.opentelemetry.sdk.trace.ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(io.opentelemetry.sdk.trace.ReadableSpan span) {
        }

        @Override
        public boolean isEndRequired() {
            return false;
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

}
