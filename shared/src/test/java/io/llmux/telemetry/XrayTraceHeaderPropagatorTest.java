package io.llmux.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Regression: the contrib X-Ray propagator threw NoSuchMethodError on OpenTelemetry API 1.68. */
class XrayTraceHeaderPropagatorTest {

    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier.get(key);
        }
    };

    private final XrayTraceHeaderPropagator propagator = XrayTraceHeaderPropagator.getInstance();

    @Test
    void readsAndWritesTheHeaderApiGatewaySends() {
        String header = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a87bd80c:1";
        Context context = propagator.extract(Context.root(), Map.of(XrayTraceHeaderPropagator.HEADER, header), GETTER);
        SpanContext parent = Span.fromContext(context).getSpanContext();
        assertEquals("5759e988bd862e3fe1be46a994272793", parent.getTraceId());
        assertEquals("53995c3f42cd8ad8", parent.getSpanId());
        assertTrue(parent.isSampled());
        assertTrue(parent.isRemote());

        Map<String, String> out = new HashMap<>();
        propagator.inject(context, out, Map::put);
        assertEquals("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", out.get(XrayTraceHeaderPropagator.HEADER));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "Root=1-zz;Parent=53995c3f42cd8ad8", "Root=1-5759e988-bd862e3fe1be46a994272793",
            "Root=2-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=xyz"})
    void aMalformedHeaderIsIgnored(String header) {
        Context context = propagator.extract(Context.root(), Map.of(XrayTraceHeaderPropagator.HEADER, header), GETTER);
        assertFalse(Span.fromContext(context).getSpanContext().isValid());
    }
}
