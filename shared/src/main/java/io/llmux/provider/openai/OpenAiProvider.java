package io.llmux.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;
import io.llmux.provider.ChatCompletion;
import io.llmux.provider.ChatStream;
import io.llmux.provider.EmbeddingCall;
import io.llmux.provider.Embeddings;
import io.llmux.provider.ModelInfo;
import io.llmux.provider.Provider;
import io.llmux.provider.ProviderCall;
import io.llmux.provider.ProviderSettings;
import io.llmux.provider.http.UpstreamHttp;
import io.llmux.provider.http.UpstreamResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * OpenAI's chat completions and embeddings API, and every service that copies it (Groq, Mistral,
 * DeepSeek, Together, OpenRouter, Ollama, vLLM), told apart only by base URL and {@link Quirks}.
 *
 * <p>The HTTP mechanics (pooled keep-alive connections, timeouts, cancellation) are
 * {@link UpstreamHttp}'s; this class only speaks OpenAI's formats. Parsing and mapping run on
 * the event loop that received the answer: the work is small and never blocks.
 */
public final class OpenAiProvider implements Provider, AutoCloseable {

    private final ProviderSettings settings;
    private final UpstreamHttp http;
    private final Map<String, String> headers;
    private final Map<String, String> streamHeaders;
    private final OpenAiEndpoints endpoints;
    private final OpenAiRequestMapper requests;
    private final OpenAiErrorMapper errors;
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
        this.http = http;
        this.headers = endpoints.authHeaders();
        Map<String, String> streaming = new java.util.HashMap<>(headers);
        streaming.put("Accept", "text/event-stream");
        this.streamHeaders = Map.copyOf(streaming);
        this.requests = new OpenAiRequestMapper(quirks);
        this.errors = new OpenAiErrorMapper(settings.name(), settings.apiKey());
        this.streams = new OpenAiStreamDecoder(errors);
        List<ModelInfo> listed = new ArrayList<>();
        settings.chatModels().forEach(m -> listed.add(new ModelInfo(m, ModelInfo.Kind.CHAT)));
        settings.embeddingModels().forEach(m -> listed.add(new ModelInfo(m, ModelInfo.Kind.EMBEDDING)));
        this.models = List.copyOf(listed);
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
        return sendWhole(endpoints.chat(call.upstreamModel()), requests.chat(call), call.upstreamModel(),
                body -> new ChatCompletion(body, OpenAiUsage.of(body)), "choices");
    }

    @Override
    public CompletableFuture<Embeddings> embed(EmbeddingCall call) {
        return sendWhole(endpoints.embeddings(call.upstreamModel()), requests.embeddings(call), call.upstreamModel(),
                body -> new Embeddings(body, OpenAiUsage.of(body)), "data");
    }

    @Override
    public CompletableFuture<ChatStream> stream(ProviderCall call) {
        CompletableFuture<UpstreamResponse> sent = http.stream(endpoints.chat(call.upstreamModel()), streamHeaders, requests.chat(call));
        return cancelTogether(sent.handle((response, failure) -> {
                    if (failure != null) {
                        throw new CompletionException(errors.fromFailure(failure, settings.firstByteTimeout()));
                    }
                    return switch (response) {
                        case UpstreamResponse.Streaming live -> new ChatStream(streams.decode(live.body()));
                        case UpstreamResponse.Whole whole -> throw new CompletionException(
                                errors.fromStatus(whole.status(), whole.headers(), whole.body(), call.upstreamModel()));
                    };
                }), sent);
    }

    private <T> CompletableFuture<T> sendWhole(URI uri, byte[] body, String upstreamModel,
                                               Function<ObjectNode, T> toResult, String requiredField) {
        CompletableFuture<UpstreamResponse.Whole> sent = http.post(uri, headers, body);
        return cancelTogether(sent.handle((response, failure) -> {
                    if (failure != null) {
                        throw new CompletionException(errors.fromFailure(failure, settings.totalTimeout()));
                    }
                    if (response.status() != 200) {
                        throw new CompletionException(errors.fromStatus(response.status(), response.headers(),
                                response.body(), upstreamModel));
                    }
                    return toResult.apply(parseObject(response.body(), requiredField));
                }), sent);
    }

    private ObjectNode parseObject(byte[] bytes, String requiredField) {
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            if (node instanceof ObjectNode object && object.path(requiredField).isArray()) {
                return object;
            }
        } catch (Exception malformed) {
            // reported below
        }
        throw new CompletionException(errors.malformed());
    }

    /**
     * Cancelling the result (the client went away) also cancels the HTTP call, which closes its
     * connection; a plain dependent future would leave the provider call running and billing.
     */
    private static <T> CompletableFuture<T> cancelTogether(CompletableFuture<T> result, CompletableFuture<?> exchange) {
        result.whenComplete((value, failure) -> {
            if (result.isCancelled()) {
                exchange.cancel(true);
            }
        });
        return result;
    }

    @Override
    public void close() {
        http.close();
    }
}
