package io.llmux.provider.gemini;

import io.llmux.provider.Provider;
import io.llmux.provider.ProviderConfig;
import io.llmux.provider.ProviderFactory;
import io.llmux.provider.ProviderSettings;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Google Gemini ({@code gemini/gemini-2.5-flash}), on when {@code llmux.providers.gemini.api-key}
 * (GEMINI_API_KEY) is set. {@code base-url} (GEMINI_BASE_URL) defaults to Google's endpoint.
 */
@Singleton
public final class GeminiProviderFactory implements ProviderFactory {

    public static final String TYPE = "gemini";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Optional<Provider> create(String name, ProviderConfig config) {
        return config.requiredApiKey(name, "GEMINI_API_KEY").map(key -> create(name, key, config));
    }

    private static Provider create(String name, String key, ProviderConfig config) {
        String baseUrl = config.baseUrl(name, GeminiModels.DEFAULT_BASE_URL);
        ProviderSettings settings = config.settings(name, key, baseUrl, GeminiModels.CHAT, GeminiModels.EMBEDDING);
        return new GeminiProvider(settings, config.http(settings), config.tokens());
    }
}
