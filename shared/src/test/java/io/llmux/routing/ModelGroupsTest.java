package io.llmux.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.provider.ModelRouter;
import io.llmux.provider.ProviderRegistry;
import io.llmux.provider.mock.MockProvider;
import io.llmux.tokens.PricingCatalog;
import io.llmux.tokens.TokenCounter;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Model groups from their JSON form, and the settings that fail start-up with their name. */
class ModelGroupsTest {

    private final ModelRouter models = new ModelRouter(new ProviderRegistry(List.of(new MockProvider(new TokenCounter(), Duration.ZERO))));
    private final DeploymentStates states = new DeploymentStates(ResilienceSettings.DEFAULTS);

    private ModelGroups groups(String json) {
        return new ModelGroups(ModelGroups.parseJson(json), models, PricingCatalog.bundled(), states);
    }

    @Test
    void readsGroupsFromJsonWithCamelOrKebabKeys() {
        ModelGroups groups = groups("""
                {"smart": {"strategy": "latency", "fallbacks": ["cheap"], "contextWindowFallback": "cheap",
                           "balanced": {"quality": 0.6, "latency": 0.2, "cost": 0.2},
                           "deployments": [
                             {"model": "mock/mock-chat", "weight": 2, "contextWindow": 8000, "tools": false, "quality": 0.9,
                              "tasks": ["code", "summarization"]},
                             {"model": "mock-chat", "cost": 0.25}]},
                 "cheap": {"deployments": [{"model": "mock/tiny", "vision": false, "json-mode": false}]},
                 "ghost": {"deployments": [{"model": "openai/gpt-4o"}]}}""");

        ModelGroup smart = groups.byName("smart");
        assertEquals(RouteStrategy.LATENCY, smart.strategy());
        assertEquals(List.of("cheap"), smart.fallbacks());
        assertEquals("cheap", smart.contextWindowFallback());
        assertEquals(new ModelGroup.BalancedWeights(0.6, 0.2, 0.2), smart.weights());
        GroupMember first = smart.members().getFirst();
        assertEquals("mock/mock-chat", first.id());
        assertEquals(2, first.weight());
        assertEquals(new Capabilities(8000, false, true, true, true), first.capabilities());
        assertEquals(Set.of(TaskType.CODE, TaskType.SUMMARISATION), first.tasks());
        assertEquals(0.25, smart.members().get(1).cost());
        assertTrue(smart.usesTasks());
        assertEquals(first.state(), smart.members().get(1).state(), "one deployment, one breaker, whichever name reached it");
        assertEquals(new Capabilities(0, true, false, false, true), groups.byName("cheap").members().getFirst().capabilities());
        assertEquals(null, groups.byName("ghost"), "a group whose providers are all disabled is not served");
    }

    @Test
    void settingsThatCannotBeRightFailStartUpWithTheirName() {
        assertTrue(assertThrows(IllegalStateException.class, () -> groups("{\"g\":{\"strategy\":\"fastest\",\"deployments\":[{\"model\":\"mock-chat\"}]}}"))
                .getMessage().contains("llmux.routing.groups.g.strategy"));
        assertTrue(assertThrows(IllegalStateException.class, () -> groups("{\"g\":{\"deployments\":[]}}"))
                .getMessage().contains("llmux.routing.groups.g.deployments"));
        assertTrue(assertThrows(IllegalStateException.class, () -> groups("{\"g\":{\"fallbacks\":\"nowhere\",\"deployments\":[{\"model\":\"mock-chat\"}]}}"))
                .getMessage().contains("'nowhere'"));
        assertTrue(assertThrows(IllegalStateException.class, () -> groups("{\"g\":{\"deployments\":[{\"model\":\"mock-chat\",\"tasks\":\"poetry\"}]}}"))
                .getMessage().contains("poetry"));
        assertTrue(assertThrows(IllegalStateException.class, () -> groups("{\"g\":{\"deployments\":[{\"model\":\"mock-chat\",\"kind\":\"vector\"}]}}"))
                .getMessage().contains("llmux.routing.groups.g.deployments[0].kind 'vector'"));
        assertTrue(assertThrows(IllegalStateException.class, () -> groups("[1,2]")).getMessage().contains(ModelGroups.JSON_PROPERTY));
    }
}
