package io.llmux.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.cache.CacheStatus;
import io.llmux.cache.CaffeineResponseCache;
import io.llmux.cache.ResponseCacheStage;
import io.llmux.openai.ChatRequest;
import io.llmux.openai.ChatRequestParser;
import io.llmux.provider.ModelRouter;
import io.llmux.provider.ProviderRegistry;
import io.llmux.provider.mock.MockProvider;
import io.llmux.telemetry.GenAiTelemetry;
import io.llmux.tenancy.Authenticator;
import io.llmux.tenancy.KeyGenerator;
import io.llmux.tenancy.KeyHasher;
import io.llmux.tenancy.Tenant;
import io.llmux.tenancy.TenantAdmin;
import io.llmux.tenancy.TenantSettings;
import io.llmux.tenancy.memory.InMemoryKeyStore;
import io.llmux.tenancy.memory.InMemoryTenantStore;
import io.llmux.tokens.PricingCatalog;
import io.llmux.tokens.TokenCounter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.nio.charset.StandardCharsets;
import io.llmux.ratelimit.LocalRateLimiter;
import io.llmux.ratelimit.RateLimitGate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The cache stage inside the pipeline, where HTTP cannot reach: cancellations of replays and of streamed misses. */
class CachedPipelineTest {

    private final List<UsageRecord> metered = new CopyOnWriteArrayList<>();
    private final ChatPipeline pipeline;
    private final String apiKey;

    CachedPipelineTest() {
        TokenCounter tokens = new TokenCounter();
        InMemoryTenantStore tenants = new InMemoryTenantStore();
        InMemoryKeyStore keys = new InMemoryKeyStore();
        KeyHasher hasher = new KeyHasher(new byte[32]);
        Authenticator authenticator = new Authenticator(hasher, keys, tenants, Clock.systemUTC(), Duration.ofSeconds(30));
        TenantAdmin admin = new TenantAdmin(tenants, keys, hasher, new KeyGenerator(), event -> { }, authenticator, Clock.systemUTC());
        Tenant tenant = admin.createTenant("t", TenantSettings.DEFAULTS, Map.of());
        apiKey = admin.createKey(tenant.id(), "k", null, null, null, null, null).secret();
        OpenTelemetrySdk otel = OpenTelemetrySdk.builder().build();
        ModelRouter router = new ModelRouter(new ProviderRegistry(List.of(new MockProvider(tokens, Duration.ZERO))));
        io.llmux.testing.TestRouting routing = new io.llmux.testing.TestRouting(router, tokens);
        pipeline = new ChatPipeline(authenticator, new ModelAccess(router),
                new RateLimitGate(new LocalRateLimiter(Clock.systemUTC()), tokens, 4096),
                new UsageSettlement(tokens, PricingCatalog.bundled(), metered::add),
                new GenAiTelemetry(otel, otel.getTracer("test")), tokens,
                // On for every tenant through the gateway default, as llmux.cache.enabled=true does.
                new ResponseCacheStage(new CaffeineResponseCache(1 << 20), true, Duration.ofHours(1), 1 << 20),
                routing.router(), routing.calls());
    }

    private static ChatRequest request(String text, boolean stream) {
        return ChatRequestParser.parse(("{\"model\":\"mock-chat\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                + text + "\"}]}").getBytes(StandardCharsets.UTF_8));
    }

    private RequestContext ctx() {
        return new RequestContext("req-" + metered.size(), apiKey, name -> null);
    }

    @Test
    void aStreamedMissTheClientAbandonsIsNotStored() {
        StreamResult first = pipeline.stream(request("abandoned", true), ctx()).join();
        assertEquals(CacheStatus.MISS, first.cache());
        first.chunks().take(2).blockLast();
        assertEquals(UsageRecord.Outcome.CANCELLED, metered.getLast().outcome());

        assertEquals(CacheStatus.MISS, pipeline.complete(request("abandoned", false), ctx()).join().cache());
        assertEquals(CacheStatus.HIT, pipeline.complete(request("abandoned", false), ctx()).join().cache());
    }

    @Test
    void anAbandonedReplayIsSettledOnceAsCancelledAndCached() {
        ChatResult paid = pipeline.complete(request("replayed", false), ctx()).join();
        assertEquals(CacheStatus.MISS, paid.cache());
        int before = metered.size();

        StreamResult replay = pipeline.stream(request("replayed", true), ctx()).join();
        assertEquals(CacheStatus.HIT, replay.cache());
        replay.chunks().take(1).blockLast();
        assertEquals(before + 1, metered.size());
        UsageRecord record = metered.getLast();
        assertTrue(record.cached());
        assertEquals(0, record.costMicros());
        assertEquals(UsageRecord.Outcome.CANCELLED, record.outcome());
        assertEquals(paid.usage().usage(), record.usage());

        StreamResult whole = pipeline.stream(request("replayed", true), ctx()).join();
        whole.chunks().blockLast();
        assertEquals(before + 2, metered.size());
        assertEquals(UsageRecord.Outcome.COMPLETED, metered.getLast().outcome());
    }
}
