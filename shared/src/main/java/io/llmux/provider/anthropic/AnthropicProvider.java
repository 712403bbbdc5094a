package io.llmux.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Anthropic's Messages API ({@code POST /v1/messages}) behind the gateway's OpenAI-shaped port.
 * The HTTP mechanics (pooled connections, timeouts, cancellation) are {@link UpstreamHttp}'s; this
 * class wires the mappers together. Mapping runs on the event loop that received the answer: the
 * work is small and never blocks.
 */
public final class AnthropicProvider implements Provider, AutoCloseable {

    /** The API version every request names; the formats mapped here are this version's. */
    static final String API_VERSION = "2023-06-01";

    private final ProviderSettings settings;
    private final UpstreamHttp http;
    private final URI messagesUri;
    private final Map<String, String> headers;
    private final Map<String, String> streamHeaders;
    private final AnthropicRequestMapper requests;
    private final AnthropicResponseMapper responses;
    private final AnthropicStreamDecoder streams;
    private final AnthropicErrorMapper errors;
    private final List<ModelInfo> models;

    /** A provider with an HTTP client (and event loops) of its own; {@link #close()} releases them. */
    public AnthropicProvider(ProviderSettings settings, int defaultMaxTokens) {
        this(settings, defaultMaxTokens, UpstreamHttp.standalone(settings));
    }

    public AnthropicProvider(ProviderSettings settings, int defaultMaxTokens, UpstreamHttp http) {
        this.settings = settings;
        this.http = http;
        String base = settings.baseUrl().endsWith("/") ? settings.baseUrl().substring(0, settings.baseUrl().length() - 1)
                : settings.baseUrl();
        // ANTHROPIC_BASE_URL is the API root without /v1, as Anthropic's SDKs take it.
        this.messagesUri = URI.create(base + "/v1/messages");
        Map<String, String> common = new HashMap<>();
        common.put("anthropic-version", API_VERSION);
        if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
            common.put("x-api-key", settings.apiKey());
        }
        this.headers = Map.copyOf(common);
        common.put("Accept", "text/event-stream");
        this.streamHeaders = Map.copyOf(common);
        this.errors = new AnthropicErrorMapper(settings.name(), settings.apiKey());
        this.requests = new AnthropicRequestMapper(settings.name(), defaultMaxTokens);
        this.responses = new AnthropicResponseMapper(errors);
        this.streams = new AnthropicStreamDecoder(errors);
        this.models = settings.chatModels().stream().map(m -> new ModelInfo(m, ModelInfo.Kind.CHAT)).toList();
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
        byte[] body;
        try {
            body = requests.messages(call);
        } catch (GatewayException invalid) {
            return CompletableFuture.failedFuture(invalid);
        }
        CompletableFuture<UpstreamResponse.Whole> sent = http.post(messagesUri, headers, body);
        return cancelTogether(sent.handle((response, failure) -> {
            if (failure != null) {
                throw new CompletionException(errors.fromFailure(failure, settings.totalTimeout()));
            }
            if (response.status() != 200) {
                throw new CompletionException(errors.fromStatus(response.status(), response.headers(), response.body(),
                        call.upstreamModel()));
            }
            return responses.completion(parse(response.body()));
        }), sent);
    }

    @Override
    public CompletableFuture<ChatStream> stream(ProviderCall call) {
        byte[] body;
        try {
            body = requests.messages(call);
        } catch (GatewayException invalid) {
            return CompletableFuture.failedFuture(invalid);
        }
        CompletableFuture<UpstreamResponse> sent = http.stream(messagesUri, streamHeaders, body);
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

    /** Anthropic has no embeddings API (it recommends Voyage AI). */
    @Override
    public CompletableFuture<Embeddings> embed(EmbeddingCall call) {
        return CompletableFuture.failedFuture(new GatewayException(ErrorType.INVALID_REQUEST,
                "Provider '" + settings.name() + "' does not offer embeddings.", "model", "model_not_supported", null));
    }

    private JsonNode parse(byte[] bytes) {
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (Exception malformed) {
            throw new CompletionException(errors.malformed());
        }
    }

    /** Cancelling the result (the client went away) also cancels the HTTP call, closing its connection. */
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
