package io.llmux.provider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One provider's configuration, from {@code llmux.providers.NAME.*} (and through the defaults in
 * application.yml, from the variables users know: OPENAI_API_KEY, OPENAI_BASE_URL, ...).
 *
 * @param name             the provider's name, also its model prefix
 * @param apiKey           the credential, or null for servers that need none
 * @param baseUrl          the API root, e.g. https://api.openai.com/v1; only ever from configuration
 * @param chatModels       chat models listed and resolvable by bare name
 * @param embeddingModels  embedding models listed and resolvable by bare name
 * @param connectTimeout   TCP and TLS connect
 * @param firstByteTimeout until the response headers of a streamed call
 * @param idleTimeout      the longest silence inside a stream
 * @param totalTimeout     a whole non-streamed call
 */
public record ProviderSettings(String name, String apiKey, String baseUrl, List<String> chatModels,
                               List<String> embeddingModels, Duration connectTimeout, Duration firstByteTimeout,
                               Duration idleTimeout, Duration totalTimeout) {

    /** The chat models, then the embedding models, as a provider lists them. */
    public List<ModelInfo> models() {
        List<ModelInfo> listed = new ArrayList<>(chatModels.size() + embeddingModels.size());
        chatModels.forEach(m -> listed.add(new ModelInfo(m, ModelInfo.Kind.CHAT)));
        embeddingModels.forEach(m -> listed.add(new ModelInfo(m, ModelInfo.Kind.EMBEDDING)));
        return List.copyOf(listed);
    }

    @Override
    public String toString() {
        // Never print the key: settings objects end up in logs and exception messages.
        return "ProviderSettings[name=" + name + ", baseUrl=" + baseUrl + "]";
    }
}
