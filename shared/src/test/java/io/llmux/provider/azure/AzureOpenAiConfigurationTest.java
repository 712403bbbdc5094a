package io.llmux.provider.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.provider.ProviderConfig;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How Azure's deployments, endpoint and api-version are read, and the URLs they make. */
class AzureOpenAiConfigurationTest {

    private static Map<String, String> deployments(Map<String, Object> properties) {
        try (ApplicationContext built = ApplicationContext.builder()
                .propertySources(PropertySource.of("test", properties)).build()) {
            var environment = built.getEnvironment().start();
            return AzureOpenAiProviderFactory.deployments("azure", new ProviderConfig(environment, null, null));
        }
    }

    @Test
    void deploymentKeysKeepDottedModelNamesWhole() {
        Map<String, String> mapped = deployments(Map.of(
                "llmux.providers.azure.deployments.gpt-4.1", "dep-41",
                "llmux.providers.azure.deployments.gpt-4o", "prod-4o"));
        assertEquals(Map.of("gpt-4.1", "dep-41", "gpt-4o", "prod-4o"), mapped);
    }

    @Test
    void deploymentsFitInOneVariableAsPairs() {
        assertEquals(Map.of("gpt-4.1", "dep-41", "gpt-4o", "prod-4o"),
                deployments(Map.of("llmux.providers.azure.deployments", "gpt-4.1=dep-41, gpt-4o=prod-4o")));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> AzureDeployments.parsePairs("gpt-4o=prod,broken", "llmux.providers.azure.deployments"));
        assertTrue(e.getMessage().contains("'broken'"), e.getMessage());
    }

    @Test
    void urlsNameTheDeploymentAndTheApiVersion() {
        AzureEndpoints endpoints = new AzureEndpoints("https://res.openai.azure.com/", "k", "2024-10-21",
                new AzureDeployments(Map.of("gpt-4o", "prod-4o")));
        assertEquals(URI.create("https://res.openai.azure.com/openai/deployments/prod-4o/chat/completions?api-version=2024-10-21"),
                endpoints.chat("gpt-4o"));
        assertEquals(URI.create("https://res.openai.azure.com/openai/deployments/text-embedding-3-small/embeddings?api-version=2024-10-21"),
                endpoints.embeddings("text-embedding-3-small"), "an unmapped model goes to a deployment of its own name");
        assertEquals("/openai/deployments/a%2F..%3Fx%3D1/chat/completions", endpoints.chat("a/..?x=1").getRawPath(),
                "a client's model name stays one path segment");
        assertEquals(Map.of("api-key", "k"), endpoints.authHeaders());
    }
}
