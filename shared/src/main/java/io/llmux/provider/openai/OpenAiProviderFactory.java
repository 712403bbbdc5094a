package io.llmux.provider.openai;

import io.llmux.provider.Provider;
import io.llmux.provider.ProviderConfig;
import io.llmux.provider.ProviderFactory;
import io.llmux.provider.ProviderSettings;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * OpenAI and every OpenAI-compatible service (Groq, Mistral, ..., and any custom name with a
 * base URL). First in order: a bare model name resolves to OpenAI's before any other provider's.
 */
@Singleton
@Order(0)
public final class OpenAiProviderFactory implements ProviderFactory {

    public static final String TYPE = "openai";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<String> defaultNames() {
        return Arrays.stream(OpenAiCompatibleService.values()).map(OpenAiCompatibleService::id).toList();
    }

    @Override
    public Optional<Provider> create(String name, ProviderConfig config) {
        Optional<OpenAiCompatibleService> known = OpenAiCompatibleService.byId(name);
        String key = config.string(name, "api-key").orElse(null);
        boolean keyRequired = known.map(OpenAiCompatibleService::keyRequired).orElse(false);
        boolean configured = key != null || (!keyRequired && config.string(name, "base-url").isPresent());
        if (!config.enabled(name, configured)) {
            return Optional.empty();
        }
        String baseUrl = config.baseUrl(name, known.map(OpenAiCompatibleService::defaultBaseUrl).orElse(null));
        ProviderSettings settings = config.settings(name, key, baseUrl,
                known.map(OpenAiCompatibleService::chatModels).orElse(List.of()),
                known.map(OpenAiCompatibleService::embeddingModels).orElse(List.of()));
        return Optional.of(new OpenAiProvider(settings, known.map(OpenAiCompatibleService::quirks).orElse(Quirks.NONE),
                config.http(settings)));
    }
}
