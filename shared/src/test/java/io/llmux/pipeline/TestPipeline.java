package io.llmux.pipeline;

import io.llmux.cache.CaffeineResponseCache;
import io.llmux.cache.ResponseCacheStage;
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
import io.llmux.testing.TestRouting;
import io.llmux.tokens.PricingCatalog;
import io.llmux.tokens.TokenCounter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A {@link ChatPipeline} built by hand, as pipeline tests need it where HTTP cannot reach: the mock
 * provider (no delay), in-memory tenants, keys, rate limits and cache, and one tenant with one key.
 * What the tests vary is the meter, the telemetry and whether the cache is on for every tenant.
 *
 * @param apiKey the one key's secret
 */
record TestPipeline(ChatPipeline pipeline, String apiKey) {

    static TestPipeline build(UsageMeter meter, OpenTelemetrySdk otel, boolean cacheForEveryTenant) {
        TokenCounter tokens = new TokenCounter();
        InMemoryTenantStore tenants = new InMemoryTenantStore();
        InMemoryKeyStore keys = new InMemoryKeyStore();
        KeyHasher hasher = new KeyHasher(new byte[32]);
        Authenticator authenticator = new Authenticator(hasher, keys, tenants, Clock.systemUTC(), Duration.ofSeconds(30));
        TenantAdmin admin = new TenantAdmin(tenants, keys, hasher, new KeyGenerator(), event -> { }, authenticator, Clock.systemUTC());
        Tenant tenant = admin.createTenant("t", TenantSettings.DEFAULTS, Map.of());
        String apiKey = admin.createKey(tenant.id(), "k", null, null, null, null, null).secret();
        ModelRouter router = new ModelRouter(new ProviderRegistry(List.of(new MockProvider(tokens, Duration.ZERO))));
        TestRouting routing = new TestRouting(router, tokens);
        ChatPipeline pipeline = new ChatPipeline(authenticator, new ModelAccess(router),
                new RateLimitGate(new LocalRateLimiter(Clock.systemUTC()), tokens, 4096),
                new UsageSettlement(tokens, PricingCatalog.bundled(), meter),
                new GenAiTelemetry(otel, otel.getTracer("test")), tokens,
                new ResponseCacheStage(new CaffeineResponseCache(1 << 20), cacheForEveryTenant, Duration.ofHours(1), 1 << 20),
                routing.router(), routing.calls());
        return new TestPipeline(pipeline, apiKey);
    }

    /** Telemetry that records nothing. */
    static TestPipeline build(UsageMeter meter, boolean cacheForEveryTenant) {
        return build(meter, OpenTelemetrySdk.builder().build(), cacheForEveryTenant);
    }
}
