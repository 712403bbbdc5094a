package io.llmux.provider.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.provider.ChatCompletion;
import io.llmux.provider.ChatStream;
import io.llmux.provider.EmbeddingCall;
import io.llmux.provider.Embeddings;
import io.llmux.provider.ModelInfo;
import io.llmux.provider.Provider;
import io.llmux.provider.ProviderCall;
import io.llmux.provider.ProviderSettings;
import io.llmux.provider.http.UpstreamCalls;
import io.llmux.provider.http.UpstreamErrors;
import io.llmux.provider.http.UpstreamHttp;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * OpenAI's chat completions and embeddings API, and every service that copies it (Groq, Mistral,
 * DeepSeek, Together, OpenRouter, Ollama, vLLM), told apart only by base URL and {@link Quirks}.
 *
 * <p>The HTTP mechanics (pooled keep-alive connections, timeouts, cancellation, transport
 * errors) are {@link UpstreamHttp}'s and {@link UpstreamCalls}'; this class only speaks OpenAI's formats. Parsing and mapping run on
 * the event loop that received the answer: the work is small and never blocks.
 */
public final class OpenAiProvider implements Provider, AutoCloseable {

    private final ProviderSettings settings;
    private final UpstreamErrors upstream;
    private final UpstreamCalls calls;
    private final Map<String, String> headers;
    private final Map<String, String> streamHeaders;
    private final OpenAiEndpoints endpoints;
    private final OpenAiRequestMapper requests;
    private final OpenAiStreamDecoder streams;
    private final List<ModelInfo> models;

    /** A provider with an HTTP client (and event loops) of its own; {@link #close()} releases them. */
    public OpenAiProvider(ProviderSettings settings, Quirks quirks) {
        this(settings, quirks, UpstreamHttp.standalone(settings));
    }

    /** A provider on a client made for it, e.g. by {@link io.llmux.provider.http.UpstreamHttpFactory}. */
    public OpenAiProvider(ProviderSettings settings, Quirks quirks, UpstreamHttp http) {
        this(settings, quirks, http, OpenAiEndpoints.bearer(settings.baseUrl(), settings.apiKey()));
    }

    /** A provider whose URLs and authentication are not OpenAI's (Azure OpenAI's deployments). */
    public OpenAiProvider(ProviderSettings settings, Quirks quirks, UpstreamHttp http, OpenAiEndpoints endpoints) {
        this.settings = settings;
        this.endpoints = endpoints;
        this.headers = endpoints.authHeaders();
        Map<String, String> streaming = new java.util.HashMap<>(headers);
        streaming.put("Accept", "text/event-stream");
        this.streamHeaders = Map.copyOf(streaming);
        this.requests = new OpenAiRequestMapper(quirks);
        OpenAiErrorMapper errors = new OpenAiErrorMapper(settings.name(), settings.apiKey());
        this.upstream = errors.upstream();
        this.calls = new UpstreamCalls(http, settings, upstream, errors);
        this.streams = new OpenAiStreamDecoder(errors);
        this.models = settings.models();
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public List<ModelInfo> models() {
        return models;
    }

    @Override
    public CompletableFuture<ChatCompletion> complete(ProviderCall call) {
        return calls.whole(endpoints.chat(call.upstreamModel()), headers, () -> requests.chat(call), call.upstreamModel(),
                body -> new ChatCompletion(required(body, "choices"), OpenAiUsage.of(body)));
    }

    @Override
    public CompletableFuture<Embeddings> embed(EmbeddingCall call) {
        return calls.whole(endpoints.embeddings(call.upstreamModel()), headers, () -> requests.embeddings(call),
                call.upstreamModel(), body -> new Embeddings(required(body, "data"), OpenAiUsage.of(body)));
    }

    @Override
    public CompletableFuture<ChatStream> stream(ProviderCall call) {
        return calls.stream(endpoints.chat(call.upstreamModel()), streamHeaders, () -> requests.chat(call), call.upstreamModel(),
                body -> new ChatStream(streams.decode(body)));
    }

    /** The answer, when it has the array every answer of its kind has; else it is malformed. */
    private ObjectNode required(ObjectNode body, String arrayField) {
        if (!body.path(arrayField).isArray()) {
            throw new CompletionException(upstream.malformed());
        }
        return body;
    }

    @Override
    public void close() {
        calls.close();
    }
}
