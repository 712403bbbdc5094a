package io.llmux.provider.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.provider.ModelInfo;
import io.llmux.provider.Provider;
import io.llmux.provider.ProviderConfig;
import io.llmux.tokens.TokenCounter;
import io.micronaut.context.ApplicationContext;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BedrockProviderFactoryTest {

    private final BedrockProviderFactory factory = new BedrockProviderFactory();

    private Optional<Provider> create(Map<String, Object> properties) {
        try (ApplicationContext context = ApplicationContext.builder().properties(properties).build()) {
            ProviderConfig config = new ProviderConfig(context.getEnvironment().start(), new TokenCounter(), null);
            return factory.create("bedrock", config);
        }
    }

    @Test
    void offWithoutAnExplicitOptInEvenWithARegion() {
        assertTrue(create(Map.of()).isEmpty());
        assertTrue(create(Map.of("llmux.providers.bedrock.region", "us-east-1")).isEmpty(),
                "a region alone (every Lambda has AWS_REGION) does not turn Bedrock on");
    }

    @Test
    void enabledWithARegionListsTheDefaultModelsAndBuildsNoClientYet() {
        Provider provider = create(Map.of("llmux.providers.bedrock.enabled", "true",
                "llmux.providers.bedrock.region", "eu-central-1")).orElseThrow();
        try {
            assertEquals("bedrock", provider.name());
            assertTrue(provider.models().contains(new ModelInfo("us.anthropic.claude-sonnet-4-5-20250929-v1:0", ModelInfo.Kind.CHAT)));
            assertFalse(((BedrockProvider) provider).clientStarted(), "the SDK client is built by the first call");
        } finally {
            ((BedrockProvider) provider).close();
        }
    }

    @Test
    void theModelListIsConfigurable() {
        Provider provider = create(Map.of("llmux.providers.bedrock.enabled", "true", "llmux.providers.bedrock.region", "us-west-2",
                "llmux.providers.bedrock.models", "amazon.nova-micro-v1:0, mistral.mistral-large-2407-v1:0")).orElseThrow();
        assertEquals(java.util.List.of("amazon.nova-micro-v1:0", "mistral.mistral-large-2407-v1:0"),
                provider.models().stream().map(ModelInfo::id).toList());
    }

    @Test
    void enabledWithoutARegionOrWithABadEndpointFailsStartUpNamingTheSetting() {
        IllegalStateException noRegion = assertThrows(IllegalStateException.class,
                () -> create(Map.of("llmux.providers.bedrock.enabled", "true")));
        assertTrue(noRegion.getMessage().contains("llmux.providers.bedrock.region"), noRegion.getMessage());

        IllegalStateException badRegion = assertThrows(IllegalStateException.class,
                () -> create(Map.of("llmux.providers.bedrock.enabled", "true", "llmux.providers.bedrock.region", "mars")));
        assertTrue(badRegion.getMessage().contains("mars"), badRegion.getMessage());

        IllegalStateException badEndpoint = assertThrows(IllegalStateException.class,
                () -> create(Map.of("llmux.providers.bedrock.enabled", "true", "llmux.providers.bedrock.region", "us-east-1",
                        "llmux.providers.bedrock.endpoint", "bedrock.internal:443")));
        assertTrue(badEndpoint.getMessage().contains("llmux.providers.bedrock.endpoint"), badEndpoint.getMessage());
    }

    @Test
    void everyDefaultModelHasAPriceAndCacheReadsCostLess() {
        io.llmux.tokens.PricingCatalog prices = io.llmux.tokens.PricingCatalog.bundled();
        for (String model : BedrockModels.DEFAULTS) {
            assertTrue(prices.priceOf(model).isPresent(), "no price for " + model);
            assertTrue(prices.priceOf("bedrock/" + model).isPresent(), "no price for bedrock/" + model);
        }
        io.llmux.tokens.Usage million = new io.llmux.tokens.Usage(1_000_000, 1_000_000, 0, io.llmux.tokens.UsageSource.PROVIDER);
        assertEquals(18_000_000L, prices.costMicros("us.anthropic.claude-sonnet-4-5-20250929-v1:0", million));
        io.llmux.tokens.Usage cached = new io.llmux.tokens.Usage(1_000_000, 0, 1_000_000, io.llmux.tokens.UsageSource.PROVIDER);
        assertEquals(200_000L, prices.costMicros("amazon.nova-pro-v1:0", cached));
    }
}
