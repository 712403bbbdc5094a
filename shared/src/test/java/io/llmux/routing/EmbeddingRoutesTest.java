package io.llmux.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.llmux.error.GatewayException;
import io.llmux.openai.ChatRequestParser;
import io.llmux.provider.ModelInfo;
import io.llmux.provider.ModelRouter;
import io.llmux.provider.ProviderRegistry;
import io.llmux.provider.mock.MockProvider;
import io.llmux.tenancy.Authenticator;
import io.llmux.tenancy.Budgets;
import io.llmux.tenancy.KeyGenerator;
import io.llmux.tenancy.KeyHasher;
import io.llmux.tenancy.Limits;
import io.llmux.tenancy.Principal;
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

/**
 * A group may hold chat and embedding models: each request is planned over the members of its
 * kind, a member's kind comes from its provider's listing or its {@code kind} setting, and a group
 * with none of the kind asked for is a 400 naming it.
 */
class EmbeddingRoutesTest {

    private static final TokenCounter TOKENS = new TokenCounter();
    private final ModelRouter models = new ModelRouter(new ProviderRegistry(List.of(new MockProvider(TOKENS, Duration.ZERO))));
    private final TestRouting routing = new TestRouting(models, TOKENS, ResilienceSettings.DEFAULTS, ModelGroups.parseJson("""
            {"mixed": {"strategy": "quality", "deployments": [
                {"model": "mock/mock-chat", "quality": 0.9},
                {"model": "mock-embedding", "quality": 0.4},
                {"model": "mock/vectors-v2", "kind": "embedding", "quality": 0.8}]},
             "talk":  {"deployments": [{"model": "mock/mock-chat"}]},
             "vectors": {"deployments": [{"model": "mock/mock-embedding"}]}}"""));
    private final InMemoryTenantStore tenants = new InMemoryTenantStore();
    private final InMemoryKeyStore keys = new InMemoryKeyStore();
    private final KeyHasher hasher = new KeyHasher(new byte[32]);
    private final Authenticator authenticator = new Authenticator(hasher, keys, tenants, Clock.systemUTC(), Duration.ofSeconds(30));
    private final TenantAdmin admin = new TenantAdmin(tenants, keys, hasher, new KeyGenerator(), event -> { }, authenticator, Clock.systemUTC());

    private Principal principal(List<String> keyModels) {
        Tenant tenant = admin.createTenant("t", new TenantSettings(List.of(), null, Limits.NONE, Budgets.NONE, "UTC", null, null), Map.of());
        return authenticator.authenticate(admin.createKey(tenant.id(), "k", null, keyModels, null, null, null).secret()).join();
    }

    private static List<String> ids(RoutePlan plan) {
        return plan.candidates().stream().map(GroupMember::id).toList();
    }

    @Test
    void embeddingsAreRoutedOverTheGroupsEmbeddingModelsOnly() {
        RoutePlan plan = routing.router().routeEmbeddings(principal(null), "mixed", null).plan();
        assertEquals(List.of("mock/vectors-v2", "mock/mock-embedding"), ids(plan), "by quality, chat members left out");
        assertEquals("mock/mock-embedding", plan.primary().provider().name() + "/" + plan.primary().upstreamModel(),
                "the first configured embedding member stands for the route");
        assertNull(plan.task(), "no task type for embeddings");
    }

    @Test
    void chatIsRoutedOverTheGroupsChatModelsOnly() {
        RoutePlan plan = routing.router().route(principal(null), ChatRequestParser.parse(
                "{\"model\":\"mixed\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes(StandardCharsets.UTF_8)), null).plan();
        assertEquals(List.of("mock/mock-chat"), ids(plan));
        assertEquals(ModelInfo.Kind.CHAT, plan.candidates().getFirst().kind());
    }

    @Test
    void aGroupWithoutTheKindAskedForIsA400NamingIt() {
        GatewayException chatOnly = assertThrows(GatewayException.class, () -> routing.router().routeEmbeddings(principal(null), "talk", null));
        assertEquals(400, chatOnly.status());
        assertEquals("model_not_supported", chatOnly.code());
        assertEquals("The model 'talk' is a group of chat models and cannot compute embeddings.", chatOnly.getMessage());

        GatewayException embeddingOnly = assertThrows(GatewayException.class, () -> routing.router().route(principal(null),
                ChatRequestParser.parse("{\"model\":\"vectors\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                        .getBytes(StandardCharsets.UTF_8)), null));
        assertEquals("model_not_supported", embeddingOnly.code());
    }

    @Test
    void aKeysAllowedModelsApplyToEmbeddingMembersToo() {
        assertEquals(List.of("mock/mock-embedding"), ids(routing.router().routeEmbeddings(principal(List.of("mock/mock-embedding")), "mixed", null).plan()));
        GatewayException refused = assertThrows(GatewayException.class,
                () -> routing.router().routeEmbeddings(principal(List.of("mock/mock-chat")), "mixed", null));
        assertEquals(403, refused.status());
    }

    @Test
    void aNameOutsideAnyGroupNamesOneEmbeddingDeploymentAsBefore() {
        RoutePlan plan = routing.router().routeEmbeddings(principal(null), "mock-embedding", null).plan();
        assertEquals(List.of("mock/mock-embedding"), ids(plan));
        assertEquals("model names one deployment", plan.reason());
        GatewayException chat = assertThrows(GatewayException.class, () -> routing.router().routeEmbeddings(principal(null), "mock-chat", null));
        assertEquals("model_not_supported", chat.code());
    }
}
