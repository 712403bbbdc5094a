package io.llmux.provider.anthropic;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.provider.ModelInfo;
import io.llmux.provider.Provider;
import io.llmux.provider.ProviderRegistry;
import io.micronaut.context.ApplicationContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How Anthropic providers light up from configuration. */
class AnthropicProviderFactoryTest {

    private static List<String> providers(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put("llmux.providers.mock.enabled", "false");
        try (ApplicationContext context = ApplicationContext.run(all)) {
            return context.getBean(ProviderRegistry.class).providers().stream().map(Provider::name).toList();
        }
    }

    @Test
    void aKeyTurnsAnthropicOnWithItsCatalogue() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("llmux.providers.anthropic.api-key", "sk-ant-x",
                "llmux.providers.mock.enabled", "false"))) {
            Provider anthropic = context.getBean(ProviderRegistry.class).byName("anthropic").orElseThrow();
            assertInstanceOf(AnthropicProvider.class, anthropic);
            assertTrue(anthropic.models().contains(new ModelInfo("claude-sonnet-4-5", ModelInfo.Kind.CHAT)));
            assertTrue(anthropic.models().stream().allMatch(m -> m.kind() == ModelInfo.Kind.CHAT));
        }
    }

    @Test
    void withoutAKeyItStaysOff() {
        assertFalse(providers(Map.of()).contains("anthropic"));
    }

    @Test
    void anyNameWithTypeAnthropicIsAnotherAnthropicEndpoint() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("llmux.providers.claude-eu.type", "anthropic",
                "llmux.providers.claude-eu.api-key", "sk-ant-y",
                "llmux.providers.claude-eu.base-url", "https://anthropic-proxy.example.eu"))) {
            ProviderRegistry registry = context.getBean(ProviderRegistry.class);
            assertInstanceOf(AnthropicProvider.class, registry.byName("claude-eu").orElseThrow());
            assertTrue(registry.byName("anthropic").isEmpty(), "the default name needs its own key");
        }
    }

    @Test
    void aDefaultOutputLimitThatIsNotAPositiveNumberStopsTheStart() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> providers(Map.of("llmux.providers.anthropic.api-key", "sk-ant-x",
                "llmux.providers.anthropic.default-max-tokens", "lots")));
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof IllegalStateException)) {
            cause = cause.getCause();
        }
        assertTrue(cause.getMessage().contains("llmux.providers.anthropic.default-max-tokens"), cause.getMessage());
    }
}
