package io.llmux.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.cache.CaffeineResponseCache;
import io.llmux.cache.ResponseCacheStage;
import io.llmux.error.GatewayException;
import io.llmux.openai.ChatRequest;
import io.llmux.openai.ChatRequestParser;
import io.llmux.provider.ModelRouter;
import io.llmux.provider.ProviderRegistry;
import io.llmux.provider.mock.MockProvider;
import io.llmux.ratelimit.LocalRateLimiter;
import io.llmux.ratelimit.RateLimitGate;
import io.llmux.telemetry.GenAiTelemetry;
import io.llmux.tenancy.Authenticator;
import io.llmux.tenancy.KeyGenerator;
import io.llmux.tenancy.KeyHasher;
import io.llmux.tenancy.Tenant;
import io.llmux.tenancy.TenantAdmin;
import io.llmux.tenancy.TenantSettings;
import io.llmux.tenancy.memory.InMemoryKeyStore;
import io.llmux.tenancy.memory.InMemoryTenantStore;
import java.time.Clock;
import io.llmux.telemetry.TelemetryFactory;
import io.llmux.telemetry.RestoreSafeXrayIdGenerator;
import io.llmux.tokens.PricingCatalog;
import io.llmux.tokens.TokenCounter;
import io.llmux.tokens.UsageSource;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
        TokenCounter tokens = new TokenCounter();
        InMemoryTenantStore tenants = new InMemoryTenantStore();
        InMemoryKeyStore keys = new InMemoryKeyStore();
        KeyHasher hasher = new KeyHasher(new byte[32]);
        Authenticator authenticator = new Authenticator(hasher, keys, tenants, Clock.systemUTC(), Duration.ofSeconds(30));
        TenantAdmin admin = new TenantAdmin(tenants, keys, hasher, new KeyGenerator(), event -> { }, authenticator, Clock.systemUTC());
        Tenant tenant = admin.createTenant("t", TenantSettings.DEFAULTS, Map.of());
        apiKey = admin.createKey(tenant.id(), "k", null, null, null, null, null).secret();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .setIdGenerator(RestoreSafeXrayIdGenerator.INSTANCE)
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .setPropagators(TelemetryFactory.propagators()).build();
        ModelRouter router = new ModelRouter(new ProviderRegistry(List.of(new MockProvider(tokens, Duration.ZERO))));
        io.llmux.testing.TestRouting routing = new io.llmux.testing.TestRouting(router, tokens);
        pipeline = new ChatPipeline(authenticator, new ModelAccess(router),
                new RateLimitGate(new LocalRateLimiter(Clock.systemUTC()), tokens, 4096), new UsageSettlement(tokens, PricingCatalog.bundled(), metered::add),
                new GenAiTelemetry(sdk, sdk.getTracer("test")), tokens,
                new ResponseCacheStage(new CaffeineResponseCache(1 << 20), false, Duration.ofHours(1), 1 << 20),
                routing.router(), routing.calls());
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
