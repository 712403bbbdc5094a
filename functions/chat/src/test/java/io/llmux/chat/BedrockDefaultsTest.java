package io.llmux.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.provider.ProviderRegistry;
import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bedrock on the bundled configuration: off by default even where AWS_REGION is set (every
 * Lambda), on with LLMUX_BEDROCK_ENABLED, its region from AWS_REGION and endpoint from
 * BEDROCK_ENDPOINT (docs/providers.md#amazon-bedrock).
 */
class BedrockDefaultsTest {

    @Test
    void offOnTheEmbeddedDefaultsEvenWithAnAwsRegion() {
        try (ApplicationContext ctx = ApplicationContext.run(Map.of("AWS_REGION", "us-east-1"))) {
            assertTrue(ctx.getBean(ProviderRegistry.class).byName("bedrock").isEmpty());
        }
    }

    @Test
    void theUsualVariablesReachBedrocksSettings() {
        try (ApplicationContext ctx = ApplicationContext.run(Map.of("AWS_REGION", "eu-west-1",
                "LLMUX_BEDROCK_ENABLED", "true", "BEDROCK_ENDPOINT", "https://vpce-0abc.bedrock-runtime.eu-west-1.vpce.amazonaws.com"))) {
            assertEquals("eu-west-1", ctx.getProperty("llmux.providers.bedrock.region", String.class).orElseThrow());
            assertEquals("https://vpce-0abc.bedrock-runtime.eu-west-1.vpce.amazonaws.com",
                    ctx.getProperty("llmux.providers.bedrock.endpoint", String.class).orElseThrow());
            assertTrue(ctx.getBean(ProviderRegistry.class).byName("bedrock").isPresent());
        }
    }
}
