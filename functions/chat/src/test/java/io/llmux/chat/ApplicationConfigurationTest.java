package io.llmux.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Regression: application.yml was silently ignored (Micronaut needs SnakeYAML for YAML, and it was
 * not on the classpath), so OPENAI_API_KEY and every other setting did nothing. The configuration
 * is now application.properties; this pins that it is read and that its placeholders resolve.
 */
class ApplicationConfigurationTest {

    @Test
    void theBundledConfigurationIsReadAndMapsItsVariables() {
        try (ApplicationContext ctx = ApplicationContext.run(Map.of("OPENAI_API_KEY", "sk-test-value", "llmux.max-request-bytes", 1234))) {
            assertEquals("sk-test-value", ctx.getProperty("llmux.providers.openai.api-key", String.class).orElseThrow());
            assertEquals(1234L, ctx.getProperty("micronaut.server.max-request-size", Long.class).orElseThrow());
            assertEquals("15ms", ctx.getProperty("llmux.providers.mock.chunk-delay", String.class).orElseThrow());
        }
    }

    /**
     * Regression: LLMUX_KEY_HASH_SECRET, as documented, did not reach the property the code read
     * (llmux.keys.hash-secret). Every documented variable must reach its property.
     */
    @Test
    void everyDocumentedVariableReachesItsProperty() {
        Map<String, Object> environment = Map.of(
                "LLMUX_KEY_HASH_SECRET", "hash-secret-value",
                "LLMUX_ADMIN_TOKEN", "admin-token-value",
                "LLMUX_DEV_KEY", "llmux-sk-dev-value",
                "LLMUX_AUTH_CACHE_TTL", "7s",
                "LLMUX_REDIS_URL", "redis://127.0.0.1:1",
                "LLMUX_STREAM_KEEP_ALIVE", "9s",
                "ANTHROPIC_API_KEY", "sk-ant-test-value",
                "ANTHROPIC_BASE_URL", "http://127.0.0.1:9");
        // The environment only: starting the beans is not what is under test.
        try (ApplicationContext built = ApplicationContext.builder()
                .propertySources(PropertySource.of("environment", environment, PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
                .build()) {
            var ctx = built.getEnvironment().start();
            assertEquals("hash-secret-value", ctx.getProperty("llmux.key-hash-secret", String.class).orElseThrow());
            assertEquals("admin-token-value", ctx.getProperty("llmux.admin-token", String.class).orElseThrow());
            assertEquals("llmux-sk-dev-value", ctx.getProperty("llmux.dev-key", String.class).orElseThrow());
            assertEquals("7s", ctx.getProperty("llmux.auth.cache-ttl", String.class).orElseThrow());
            assertEquals("redis://127.0.0.1:1", ctx.getProperty("llmux.redis.url", String.class).orElseThrow());
            assertEquals("9s", ctx.getProperty("llmux.stream.keep-alive", String.class).orElseThrow());
            assertEquals("sk-ant-test-value", ctx.getProperty("llmux.providers.anthropic.api-key", String.class).orElseThrow());
            assertEquals("http://127.0.0.1:9", ctx.getProperty("llmux.providers.anthropic.base-url", String.class).orElseThrow());
        }
    }

    @Test
    void geminiAndAzureReadTheirUsualVariables() {
        try (ApplicationContext ctx = ApplicationContext.run(Map.of("GEMINI_API_KEY", "gemini-key-value",
                "GEMINI_BASE_URL", "https://gemini.example", "AZURE_OPENAI_API_KEY", "azure-key-value",
                "AZURE_OPENAI_ENDPOINT", "https://res.openai.azure.com", "AZURE_OPENAI_DEPLOYMENTS", "gpt-4o=prod-4o"))) {
            assertEquals("gemini-key-value", ctx.getProperty("llmux.providers.gemini.api-key", String.class).orElseThrow());
            assertEquals("https://gemini.example", ctx.getProperty("llmux.providers.gemini.base-url", String.class).orElseThrow());
            assertEquals("azure-key-value", ctx.getProperty("llmux.providers.azure.api-key", String.class).orElseThrow());
            assertEquals("https://res.openai.azure.com", ctx.getProperty("llmux.providers.azure.endpoint", String.class).orElseThrow());
            assertEquals("2024-10-21", ctx.getProperty("llmux.providers.azure.api-version", String.class).orElseThrow());
            assertEquals("gpt-4o=prod-4o", ctx.getProperty("llmux.providers.azure.deployments", String.class).orElseThrow());
        }
    }
}
