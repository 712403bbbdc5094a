package io.llmux.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.List;

/**
 * Reads and writes AWS X-Ray's {@code X-Amzn-Trace-Id: Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1}.
 *
 * <p>Written by hand because the maintained one (opentelemetry-aws-xray-propagator, whose newest
 * release is 1.57.0-alpha) calls {@code StringUtils.padLeft}, which OpenTelemetry API 1.68 no
 * longer has: every request carrying the header failed with NoSuchMethodError. Lineage headers
 * and other keys are ignored; a malformed header is treated as absent.
 */
public final class XrayTraceHeaderPropagator implements TextMapPropagator {

    public static final String HEADER = "X-Amzn-Trace-Id";
    private static final XrayTraceHeaderPropagator INSTANCE = new XrayTraceHeaderPropagator();

    private XrayTraceHeaderPropagator() {
    }

    public static XrayTraceHeaderPropagator getInstance() {
        return INSTANCE;
    }

    @Override
    public List<String> fields() {
        return List.of(HEADER);
    }

    @Override
    public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
        SpanContext span = Span.fromContext(context).getSpanContext();
        if (!span.isValid() || setter == null) {
            return;
        }
        String traceId = span.getTraceId();
        setter.set(carrier, HEADER, "Root=1-" + traceId.substring(0, 8) + "-" + traceId.substring(8)
                + ";Parent=" + span.getSpanId() + ";Sampled=" + (span.isSampled() ? "1" : "0"));
    }

    @Override
    public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
        String header = getter.get(carrier, HEADER);
        if (header == null || header.isEmpty()) {
            return context;
        }
        String traceId = null;
        String parentId = null;
        boolean sampled = false;
        for (String part : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            switch (key) {
                case "Root" -> traceId = otelTraceId(value);
                case "Parent" -> parentId = value.toLowerCase();
                case "Sampled" -> sampled = "1".equals(value);
                default -> {
                    // Lineage and custom keys carry nothing a span needs.
                }
            }
        }
        if (traceId == null || parentId == null) {
            return context;
        }
        SpanContext parent = SpanContext.createFromRemoteParent(traceId, parentId,
                sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault());
        return parent.isValid() ? context.with(Span.wrap(parent)) : context;
    }

    /** 1-5759e988-bd862e3fe1be46a994272793 -> 5759e988bd862e3fe1be46a994272793, or null. */
    private static String otelTraceId(String root) {
        if (root.length() != 35 || !root.startsWith("1-") || root.charAt(10) != '-') {
            return null;
        }
        return (root.substring(2, 10) + root.substring(11)).toLowerCase();
    }
}
