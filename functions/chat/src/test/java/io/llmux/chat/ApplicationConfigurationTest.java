package io.llmux.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
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
}
