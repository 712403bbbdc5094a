package io.llmux.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.provider.ModelRouter;
import io.llmux.provider.ProviderRegistry;
import io.llmux.provider.mock.MockProvider;
import io.llmux.tokens.PricingCatalog;
import io.llmux.tokens.TokenCounter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which resilience settings a deployment gets: its group entry's over its provider's over the
 * gateway's, each setting on its own; one deployment named by several groups has one set of
 * settings, and entries that disagree stop start-up naming both.
 */
class DeploymentResilienceTest {

    private final ModelRouter models = new ModelRouter(new ProviderRegistry(List.of(new MockProvider(new TokenCounter(), Duration.ZERO))));
    private final ResilienceSettings global = ResilienceSettings.DEFAULTS;

    private DeploymentResilience resilience(Map<String, Map<String, Object>> providers, String groupsJson) {
        return DeploymentResilience.of(global, providers, ModelGroups.parseJson(groupsJson), models);
    }

    @Test
    void anEntryOverridesItsProviderWhichOverridesTheGateway() {
        DeploymentResilience resilience = resilience(
                Map.of("mock", Map.of("max-retries", "3", "circuit-breaker", Map.of("open-for", "5s"))),
                """
                {"g": {"deployments": [
                   {"model": "mock/a", "maxInFlight": 2, "circuitBreaker": {"failureRate": 20, "openFor": "750ms"}},
                   {"model": "mock/b", "quality": 0.9}]}}""");

        ResilienceSettings a = resilience.settingsFor("mock/a");
        assertEquals(2, a.maxInFlight(), "the entry's own");
        assertEquals(20, a.failureRate(), "the entry's own");
        assertEquals(Duration.ofMillis(750), a.openFor(), "the entry's over the provider's");
        assertEquals(3, a.maxRetries(), "the provider's, the entry set none");
        assertEquals(global.minimumCalls(), a.minimumCalls(), "the gateway's, nobody else set it");

        ResilienceSettings b = resilience.settingsFor("mock/b");
        assertEquals(3, b.maxRetries());
        assertEquals(Duration.ofSeconds(5), b.openFor());
        assertEquals(0, b.maxInFlight(), "another deployment of the provider keeps the gateway's bulkhead");
        assertEquals(3, resilience.settingsFor("mock/never-grouped").maxRetries(), "a direct provider/model gets its provider's");
        assertSame(global, resilience.settingsFor("openai/gpt-4o"), "another provider gets the gateway's");
        assertSame(global, resilience.global());
    }

    @Test
    void oneDeploymentInSeveralGroupsHasOneSetOfSettingsAndOneState() {
        String json = """
                {"first":  {"deployments": [{"model": "mock-chat", "max-in-flight": 4, "circuit-breaker": {"open-for": "1s"}}]},
                 "second": {"deployments": [{"model": "mock/mock-chat", "circuit-breaker.open-for": "1000ms", "max-retries": 0}]},
                 "third":  {"deployments": [{"model": "mock/mock-chat"}]}}""";
        DeploymentResilience resilience = resilience(Map.of(), json);

        ResilienceSettings settings = resilience.settingsFor("mock/mock-chat");
        assertEquals(4, settings.maxInFlight(), "set in one group, it applies wherever the deployment is used");
        assertEquals(0, settings.maxRetries());
        assertEquals(Duration.ofSeconds(1), settings.openFor(), "1s and 1000ms are the same value, whichever name reached it");

        DeploymentStates states = new DeploymentStates(resilience);
        ModelGroups groups = new ModelGroups(ModelGroups.parseJson(json), models, PricingCatalog.bundled(), states);
        DeploymentState state = groups.byName("first").members().getFirst().state();
        assertSame(state, groups.byName("third").members().getFirst().state());
        assertEquals(settings, state.settings());
        assertEquals(Duration.ofSeconds(1), state.breaker().getConfig().getDelay());
    }

    @Test
    void entriesThatDisagreeOnOneDeploymentStopStartUpNamingBoth() {
        IllegalStateException conflict = assertThrows(IllegalStateException.class, () -> resilience(Map.of(), """
                {"fast":  {"deployments": [{"model": "mock/mock-chat", "max-in-flight": 4}]},
                 "smart": {"deployments": [{"model": "mock/tiny"}, {"model": "mock-chat", "max-in-flight": 8}]}}"""));
        String message = conflict.getMessage();
        assertTrue(message.contains("mock/mock-chat"), message);
        assertTrue(message.contains("llmux.routing.groups.fast.deployments[0].max-in-flight=4"), message);
        assertTrue(message.contains("llmux.routing.groups.smart.deployments[1].max-in-flight=8"), message);
        assertTrue(message.contains("llmux.providers.mock.resilience.max-in-flight"), message);

        IllegalStateException durations = assertThrows(IllegalStateException.class, () -> resilience(Map.of(), """
                {"a": {"deployments": [{"model": "mock/x", "circuitBreaker": {"openFor": "1s"}}]},
                 "b": {"deployments": [{"model": "mock/x", "circuitBreaker": {"openFor": "2s"}}]}}"""));
        assertTrue(durations.getMessage().contains("circuit-breaker.open-for=1000ms"), durations.getMessage());
    }

    @Test
    void settingsThatCannotBeRightStopStartUpWithTheirName() {
        assertMessage("llmux.routing.groups.g.deployments[0].circuit-breaker.falure-rate", () -> resilience(Map.of(),
                "{\"g\":{\"deployments\":[{\"model\":\"mock/a\",\"circuit-breaker\":{\"falure-rate\":20}}]}}"));
        assertMessage("llmux.routing.groups.g.deployments[0].max-fallback-groups", () -> resilience(Map.of(),
                "{\"g\":{\"deployments\":[{\"model\":\"mock/a\",\"max-fallback-groups\":1}]}}"));
        assertMessage("llmux.routing.groups.g.deployments[0].max-in-flight must be a whole number, not 'lots'", () -> resilience(Map.of(),
                "{\"g\":{\"deployments\":[{\"model\":\"mock/a\",\"max-in-flight\":\"lots\"}]}}"));
        assertMessage("llmux.routing.groups.g.deployments[0].backoff must be a duration", () -> resilience(Map.of(),
                "{\"g\":{\"deployments\":[{\"model\":\"mock/a\",\"backoff\":\"soon\"}]}}"));
        assertMessage("deployment mock/a", () -> resilience(Map.of(),
                "{\"g\":{\"deployments\":[{\"model\":\"mock/a\",\"circuit-breaker\":{\"failure-rate\":150}}]}}"));
        assertMessage("llmux.providers.mock.resilience.retries", () -> resilience(Map.of("mock", Map.of("retries", "2")), "{}"));
        assertMessage("llmux.providers.mock.resilience.circuit-breaker.enabled must be true or false",
                () -> resilience(Map.of("mock", Map.of("circuit-breaker.enabled", "sometimes")), "{}"));
    }

    @Test
    void entriesOfProvidersNotEnabledHereAreLeftOutWithTheirSettings() {
        DeploymentResilience resilience = resilience(Map.of(), """
                {"g": {"deployments": [{"model": "openai/gpt-4o", "max-in-flight": 1}, {"model": "mock/a"}]},
                 "h": {"deployments": [{"model": "openai/gpt-4o", "max-in-flight": 2}]}}""");
        assertSame(global, resilience.settingsFor("openai/gpt-4o"));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable startUp) {
        String message = assertThrows(IllegalStateException.class, startUp).getMessage();
        assertTrue(message.contains(expected), message);
    }
}
