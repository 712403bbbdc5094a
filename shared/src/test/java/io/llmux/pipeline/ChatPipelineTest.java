package io.llmux.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.error.GatewayException;
import io.llmux.openai.ChatRequest;
import io.llmux.openai.ChatRequestParser;
import io.llmux.telemetry.GenAiTelemetry;
import io.llmux.telemetry.TelemetryFactory;
import io.llmux.telemetry.RestoreSafeXrayIdGenerator;
import io.llmux.tokens.UsageSource;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ChatPipelineTest {

    private final List<UsageRecord> metered = new CopyOnWriteArrayList<>();
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final ChatPipeline pipeline;
    private final String apiKey;

    ChatPipelineTest() {
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .setIdGenerator(RestoreSafeXrayIdGenerator.INSTANCE)
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .setPropagators(TelemetryFactory.propagators()).build();
        TestPipeline built = TestPipeline.build(metered::add, sdk, false);
        pipeline = built.pipeline();
        apiKey = built.apiKey();
    }

    private static ChatRequest request(String extra) {
        return ChatRequestParser.parse(("{\"model\":\"mock-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]" + extra + "}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private RequestContext ctx(Map<String, String> headers) {
        return new RequestContext("req-1", apiKey, headers::get);
    }

    @Test
    void aCompletionIsMeteredOnceAndTracedWithGenAiAttributes() {
        ChatResult result = pipeline.complete(request(""), ctx(Map.of())).join();
        assertEquals("mock", result.deployment().provider().name());
        assertEquals(1, metered.size());
        UsageRecord usage = metered.getFirst();
        assertEquals(UsageSource.PROVIDER, usage.usage().source());
        assertEquals(usage.usage().promptTokens(), result.body().at("/usage/prompt_tokens").asLong());

        SpanData span = spans.getFinishedSpanItems().getFirst();
        assertEquals("chat mock-chat", span.getName());
        assertEquals("mock", span.getAttributes().get(GenAiTelemetry.SYSTEM));
        assertEquals("mock-chat", span.getAttributes().get(GenAiTelemetry.REQUEST_MODEL));
        assertEquals(usage.usage().promptTokens(), span.getAttributes().get(GenAiTelemetry.INPUT_TOKENS));
        assertEquals(usage.usage().completionTokens(), span.getAttributes().get(GenAiTelemetry.OUTPUT_TOKENS));
        // X-Ray trace ids start with the epoch second they were made in.
        long epochSeconds = Long.parseLong(span.getTraceId().substring(0, 8), 16);
        assertTrue(Math.abs(System.currentTimeMillis() / 1000 - epochSeconds) < 600);
    }

    @Test
    void theCallersXrayTraceIsTheParent() {
        String traceId = "1-5759e988-bd862e3fe1be46a994272793";
        pipeline.complete(request(""), ctx(Map.of("X-Amzn-Trace-Id", "Root=" + traceId + ";Parent=53995c3f42cd8ad8;Sampled=1"))).join();
        SpanData span = spans.getFinishedSpanItems().getFirst();
        assertEquals("5759e988bd862e3fe1be46a994272793", span.getTraceId());
        assertEquals("53995c3f42cd8ad8", span.getParentSpanId());
    }

    @Test
    void aStreamHidesTheUsageChunkUnlessAskedAndIsMeteredOnce() {
        List<ObjectNode> chunks = pipeline.stream(request(",\"stream\":true"), ctx(Map.of())).join().chunks().collectList().block();
        assertFalse(chunks.stream().anyMatch(c -> c.hasNonNull("usage")), "usage chunk not asked for");
        assertEquals(1, metered.size());
        assertEquals(UsageRecord.Outcome.COMPLETED, metered.getFirst().outcome());

        List<ObjectNode> withUsage = pipeline.stream(request(",\"stream\":true,\"stream_options\":{\"include_usage\":true}"), ctx(Map.of()))
                .join().chunks().collectList().block();
        ObjectNode last = withUsage.getLast();
        assertTrue(last.get("choices").isEmpty());
        assertEquals(metered.get(1).usage().completionTokens(), last.at("/usage/completion_tokens").asLong());
    }

    @Test
    void aStreamTheClientAbandonsIsMeteredForWhatWasProduced() {
        pipeline.stream(request(",\"stream\":true"), ctx(Map.of())).join().chunks().take(3).blockLast();
        assertEquals(1, metered.size());
        UsageRecord usage = metered.getFirst();
        assertEquals(UsageRecord.Outcome.CANCELLED, usage.outcome());
        assertEquals(UsageSource.LOCAL, usage.usage().source());
        assertEquals(2, usage.usage().completionTokens(), "'This is' is two tokens");
    }

    @Test
    void anUnknownModelFailsBeforeAnyProviderIsCalledAndIsTracedAsAnError() {
        ChatRequest unknown = ChatRequestParser.parse("{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"
                .getBytes(StandardCharsets.UTF_8));
        CompletionException e = assertThrows(CompletionException.class, () -> pipeline.complete(unknown, ctx(Map.of())).join());
        assertEquals(404, ((GatewayException) e.getCause()).status());
        assertTrue(metered.isEmpty());
        assertEquals(StatusCode.ERROR, spans.getFinishedSpanItems().getFirst().getStatus().getStatusCode());
    }
}
