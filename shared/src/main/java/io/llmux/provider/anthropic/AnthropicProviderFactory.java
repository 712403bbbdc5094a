package io.llmux.provider.anthropic;

import io.llmux.provider.Provider;
import io.llmux.provider.ProviderConfig;
import io.llmux.provider.ProviderFactory;
import io.llmux.provider.ProviderSettings;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/**
 * Anthropic's Messages API: {@code anthropic} lights up when ANTHROPIC_API_KEY is set
 * ({@code llmux.providers.anthropic.api-key}); any other name with {@code type=anthropic} reaches
 * an Anthropic-compatible endpoint at its own {@code base-url}.
 *
 * <p>{@code default-max-tokens} (4096) is the output limit sent when a client gives none: Anthropic
 * requires one, and 4096 is within every current Claude model's maximum.
 */
@Singleton
@Order(10)
public final class AnthropicProviderFactory implements ProviderFactory {

    public static final String TYPE = "anthropic";
    public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
    public static final int DEFAULT_MAX_TOKENS = 4096;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Optional<Provider> create(String name, ProviderConfig config) {
        String key = config.string(name, "api-key").orElse(null);
        if (!config.enabled(name, key != null)) {
            return Optional.empty();
        }
        String baseUrl = config.baseUrl(name, DEFAULT_BASE_URL);
        ProviderSettings settings = config.settings(name, key, baseUrl, AnthropicModels.CHAT, List.of());
        return Optional.of(new AnthropicProvider(settings, defaultMaxTokens(name, config), config.http(settings)));
    }

    private static int defaultMaxTokens(String name, ProviderConfig config) {
        String value = config.string(name, "default-max-tokens").orElse(null);
        if (value == null) {
            return DEFAULT_MAX_TOKENS;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalStateException("Provider '" + name + "' needs " + ProviderConfig.PREFIX + name
                + ".default-max-tokens to be a positive whole number, not '" + value + "'");
    }
}
