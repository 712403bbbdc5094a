package io.llmux.telemetry;

import io.llmux.tokens.Usage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.function.Function;

/**
 * One span per gateway request, with the OpenTelemetry GenAI semantic-convention attributes, its
 * parent taken from the caller's X-Amzn-Trace-Id or traceparent header.
 */
@Singleton
public final class GenAiTelemetry {

    public static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("gen_ai.system");
    public static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    public static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    public static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    public static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    public static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    public static final AttributeKey<Long> MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
    public static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("llmux.request_id");
    public static final AttributeKey<String> TENANT_ID = AttributeKey.stringKey("llmux.tenant_id");
    public static final AttributeKey<String> USAGE_SOURCE = AttributeKey.stringKey("llmux.usage.source");
    public static final AttributeKey<Long> COST_MICROS = AttributeKey.longKey("llmux.cost_micros");
    public static final AttributeKey<Boolean> STREAM = AttributeKey.booleanKey("llmux.stream");
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    public static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

    private static final TextMapGetter<Function<String, String>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Function<String, String> carrier) {
            return List.of();
        }

        @Override
        public String get(Function<String, String> carrier, String key) {
            return carrier == null ? null : carrier.apply(key);
        }
    };

    private final OpenTelemetrySdk sdk;
    private final Tracer tracer;

    public GenAiTelemetry(OpenTelemetrySdk sdk, Tracer tracer) {
        this.sdk = sdk;
        this.tracer = tracer;
    }

    /** Starts the request's span; {@code headers} looks up a request header by name. */
    public Span start(String operation, String requestModel, String requestId, Function<String, String> headers) {
        Context parent = sdk.getPropagators().getTextMapPropagator().extract(Context.root(), headers, HEADERS);
        return tracer.spanBuilder(operation + " " + requestModel)
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(OPERATION, operation)
                .setAttribute(REQUEST_MODEL, requestModel)
                .setAttribute(REQUEST_ID, requestId)
                .startSpan();
    }

    public static void recordUsage(Span span, String provider, String responseModel, Usage usage, long costMicros) {
        span.setAttribute(SYSTEM, provider);
        if (responseModel != null) {
            span.setAttribute(RESPONSE_MODEL, responseModel);
        }
        if (usage != null) {
            span.setAttribute(INPUT_TOKENS, usage.promptTokens());
            span.setAttribute(OUTPUT_TOKENS, usage.completionTokens());
            span.setAttribute(USAGE_SOURCE, usage.source().wireName());
            span.setAttribute(COST_MICROS, costMicros);
        }
    }

    public static void recordError(Span span, int status, String errorType) {
        span.setAttribute(STATUS, (long) status);
        span.setAttribute(ERROR_TYPE, errorType);
        span.setStatus(StatusCode.ERROR);
    }

    /** The span's trace id in X-Ray's format (1-xxxxxxxx-yyyyyyyyyyyyyyyyyyyyyyyy). */
    public static String xrayTraceId(Span span) {
        String id = span.getSpanContext().getTraceId();
        return "1-" + id.substring(0, 8) + "-" + id.substring(8);
    }
}
