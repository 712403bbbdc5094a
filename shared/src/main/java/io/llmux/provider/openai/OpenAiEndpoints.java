package io.llmux.provider.openai;

import java.net.URI;
import java.util.Map;

/**
 * Where an OpenAI-style API takes a call and how it is authenticated. OpenAI and its copies use
 * one base URL and a bearer token ({@link #bearer}); Azure OpenAI puts the deployment and an
 * api-version in the URL and wants an {@code api-key} header. The request, response, stream and
 * error formats are the same, so this is the only seam {@link OpenAiProvider} needs.
 */
public interface OpenAiEndpoints {

    /** The chat completions URL for {@code upstreamModel}. */
    URI chat(String upstreamModel);

    /** The embeddings URL for {@code upstreamModel}. */
    URI embeddings(String upstreamModel);

    /** The headers that authenticate every call (none for keyless servers). */
    Map<String, String> authHeaders();

    /** {@code BASE/chat/completions} and {@code BASE/embeddings} with {@code Authorization: Bearer KEY}. */
    static OpenAiEndpoints bearer(String baseUrl, String apiKey) {
        String base = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        URI chat = URI.create(base + "chat/completions");
        URI embeddings = URI.create(base + "embeddings");
        Map<String, String> auth = apiKey == null || apiKey.isBlank() ? Map.of() : Map.of("Authorization", "Bearer " + apiKey);
        return new OpenAiEndpoints() {
            @Override
            public URI chat(String upstreamModel) {
                return chat;
            }

            @Override
            public URI embeddings(String upstreamModel) {
                return embeddings;
            }

            @Override
            public Map<String, String> authHeaders() {
                return auth;
            }
        };
    }
}
