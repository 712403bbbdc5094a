package io.llmux.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.error.GatewayException;
import io.llmux.openai.ChatRequest;
import io.llmux.openai.ChatRequestParser;
import io.llmux.provider.ModelRouter;
import io.llmux.provider.ProviderRegistry;
import io.llmux.provider.mock.MockProvider;
import io.llmux.tenancy.Authenticator;
import io.llmux.tenancy.Budgets;
import io.llmux.tenancy.KeyGenerator;
import io.llmux.tenancy.KeyHasher;
import io.llmux.tenancy.Limits;
import io.llmux.tenancy.Principal;
import io.llmux.tenancy.RouteOverride;
import io.llmux.tenancy.Tenant;
import io.llmux.tenancy.TenantAdmin;
import io.llmux.tenancy.TenantSettings;
import io.llmux.tenancy.memory.InMemoryKeyStore;
import io.llmux.tenancy.memory.InMemoryTenantStore;
import io.llmux.testing.TestRouting;
import io.llmux.tokens.TokenCounter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which strategy wins (header, tenant override, tenant default, group, gateway), tenant overrides, and model permissions. */
class RequestRouterTest {

    private static final TokenCounter TOKENS = new TokenCounter();
    private final ModelRouter models = new ModelRouter(new ProviderRegistry(List.of(new MockProvider(TOKENS, Duration.ZERO))));
    private final TestRouting routing = new TestRouting(models, TOKENS, ResilienceSettings.DEFAULTS, ModelGroups.parseJson("""
            {"smart": {"strategy": "quality", "deployments": [
                {"model": "mock/a", "quality": 0.9, "cost": 9}, {"model": "mock/b", "quality": 0.5, "cost": 1}]}}"""));
    private final InMemoryTenantStore tenants = new InMemoryTenantStore();
    private final InMemoryKeyStore keys = new InMemoryKeyStore();
    private final KeyHasher hasher = new KeyHasher(new byte[32]);
    private final Authenticator authenticator = new Authenticator(hasher, keys, tenants, Clock.systemUTC(), Duration.ofSeconds(30));
    private final TenantAdmin admin = new TenantAdmin(tenants, keys, hasher, new KeyGenerator(), event -> { }, authenticator, Clock.systemUTC());

    private Principal principal(String defaultRouting, Map<String, RouteOverride> routes, List<String> keyModels) {
        Tenant tenant = admin.createTenant("t", new TenantSettings(List.of(), defaultRouting, Limits.NONE, Budgets.NONE, "UTC", null, routes),
                Map.of());
        String secret = admin.createKey(tenant.id(), "k", null, keyModels, null, null, null).secret();
        return authenticator.authenticate(secret).join();
    }

    private static ChatRequest request(String model) {
        return ChatRequestParser.parse(("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private String first(Principal principal, String header) {
        return routing.router().route(principal, request("smart"), header).plan().candidates().getFirst().id();
    }

    @Test
    void theStrategyComesFromTheHeaderThenTheTenantThenTheGroup() {
        Principal plain = principal(null, null, null);
        assertEquals("mock/a", first(plain, null), "the group's strategy: quality");
        assertEquals("mock/b", first(plain, "cost"), "the request's header");
        assertEquals("mock/b", first(principal("cost", null, null), null), "the tenant's default_routing");
        Principal overridden = principal("quality", Map.of("smart", new RouteOverride("cost", List.of())), null);
        assertEquals("mock/b", first(overridden, null), "the tenant's override of the group beats its default");
        assertEquals("mock/a", first(overridden, "quality"), "the header beats everything");
    }

    @Test
    void aTenantOverrideReplacesTheGroupsDeploymentsForThatTenantOnly() {
        Principal own = principal(null, Map.of("smart", new RouteOverride(null, List.of("mock/b", "mock/c"))), null);
        RoutePlan plan = routing.router().route(own, request("smart"), null).plan();
        assertEquals(List.of("mock/b", "mock/c"), plan.candidates().stream().map(GroupMember::id).toList());
        assertEquals(0.5, plan.candidates().getFirst().quality(), "a configured member keeps its settings");
        assertEquals(2, routing.router().route(principal(null, null, null), request("smart"), null).plan().candidates().size());
        Principal custom = principal(null, Map.of("mine", new RouteOverride("quality", List.of("mock/x"))), null);
        assertEquals("mock/x", routing.router().route(custom, request("mine"), null).plan().candidates().getFirst().id(),
                "a tenant may define a group of its own");
    }

    @Test
    void aKeyLimitedToSomeDeploymentsOnlyGetsThose() {
        Principal limited = principal(null, null, List.of("mock/b"));
        assertEquals(List.of("mock/b"), routing.router().route(limited, request("smart"), null).plan().candidates().stream()
                .map(GroupMember::id).toList());
        Principal none = principal(null, null, List.of("mock/z"));
        GatewayException refused = assertThrows(GatewayException.class, () -> routing.router().route(none, request("smart"), null));
        assertEquals(403, refused.status());
    }

    @Test
    void modelsOutsideGroupsResolveAsBefore() {
        Principal plain = principal(null, null, null);
        RoutePlan plan = routing.router().route(plain, request("mock-chat"), null).plan();
        assertEquals("mock/mock-chat", plan.candidates().getFirst().id());
        assertEquals(null, plan.group());
        assertEquals(404, assertThrows(GatewayException.class, () -> routing.router().route(plain, request("nope"), null)).status());
        GatewayException unknown = assertThrows(GatewayException.class, () -> routing.router().route(plain, request("mock-chat"), "turbo"));
        assertEquals(400, unknown.status());
        assertTrue(unknown.getMessage().contains("'turbo'"));
    }
}
