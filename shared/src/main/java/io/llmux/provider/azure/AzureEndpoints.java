package io.llmux.provider.azure;

import io.llmux.provider.openai.OpenAiEndpoints;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Azure OpenAI's URL scheme: {@code {endpoint}/openai/deployments/{deployment}/chat/completions?api-version=V}
 * (and {@code /embeddings}), authenticated by an {@code api-key} header. The URLs of configured
 * deployments are built once; any other model (a client may name {@code azure/anything}) gets its
 * URL built per call, so a stream of invented names cannot grow a cache.
 */
final class AzureEndpoints implements OpenAiEndpoints {

    private final String endpoint;
    private final String apiVersionQuery;
    private final AzureDeployments deployments;
    private final Map<String, URI> chat = new HashMap<>();
    private final Map<String, URI> embeddings = new HashMap<>();
    private final Map<String, String> auth;

    AzureEndpoints(String endpoint, String apiKey, String apiVersion, AzureDeployments deployments) {
        this.endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        this.apiVersionQuery = "?api-version=" + URLEncoder.encode(apiVersion, StandardCharsets.UTF_8);
        this.deployments = deployments;
        this.auth = Map.of("api-key", apiKey);
        for (String model : deployments.byModel().keySet()) {
            chat.put(model, build(model, "chat/completions"));
            embeddings.put(model, build(model, "embeddings"));
        }
    }

    @Override
    public URI chat(String upstreamModel) {
        URI known = chat.get(upstreamModel);
        return known != null ? known : build(upstreamModel, "chat/completions");
    }

    @Override
    public URI embeddings(String upstreamModel) {
        URI known = embeddings.get(upstreamModel);
        return known != null ? known : build(upstreamModel, "embeddings");
    }

    @Override
    public Map<String, String> authHeaders() {
        return auth;
    }

    private URI build(String model, String operation) {
        // A path segment: a model name a client chose must not add segments or a query of its own.
        String deployment = URLEncoder.encode(deployments.deploymentFor(model), StandardCharsets.UTF_8).replace("+", "%20");
        return URI.create(endpoint + "/openai/deployments/" + deployment + "/" + operation + apiVersionQuery);
    }
}
