package io.llmux.provider.anthropic;

import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.llmux.provider.ChatCompletion;
import io.llmux.provider.ChatStream;
import io.llmux.provider.EmbeddingCall;
import io.llmux.provider.Embeddings;
import io.llmux.provider.ModelInfo;
import io.llmux.provider.Provider;
import io.llmux.provider.ProviderCall;
import io.llmux.provider.ProviderSettings;
import io.llmux.provider.http.UpstreamHttp;
import io.llmux.provider.http.UpstreamCalls;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Anthropic's Messages API ({@code POST /v1/messages}) behind the gateway's OpenAI-shaped port.
 * The HTTP mechanics (pooled connections, timeouts, cancellation, transport errors) are
 * {@link UpstreamHttp}'s and {@link UpstreamCalls}'; this class wires the mappers together. Mapping runs on the event loop that received the answer: the
 * work is small and never blocks.
 */
public final class AnthropicProvider implements Provider, AutoCloseable {

    /** The API version every request names; the formats mapped here are this version's. */
    static final String API_VERSION = "2023-06-01";

    private final ProviderSettings settings;
    private final UpstreamCalls calls;
    private final URI messagesUri;
    private final Map<String, String> headers;
    private final Map<String, String> streamHeaders;
    private final AnthropicRequestMapper requests;
    private final AnthropicResponseMapper responses;
    private final AnthropicStreamDecoder streams;
    private final List<ModelInfo> models;

    /** A provider with an HTTP client (and event loops) of its own; {@link #close()} releases them. */
    public AnthropicProvider(ProviderSettings settings, int defaultMaxTokens) {
        this(settings, defaultMaxTokens, UpstreamHttp.standalone(settings));
    }

    public AnthropicProvider(ProviderSettings settings, int defaultMaxTokens, UpstreamHttp http) {
        this.settings = settings;
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
        AnthropicErrorMapper errors = new AnthropicErrorMapper(settings.name(), settings.apiKey());
        this.calls = new UpstreamCalls(http, settings, errors.upstream(), errors);
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
        return calls.whole(messagesUri, headers, () -> requests.messages(call), call.upstreamModel(), responses::completion);
    }

    @Override
    public CompletableFuture<ChatStream> stream(ProviderCall call) {
        return calls.stream(messagesUri, streamHeaders, () -> requests.messages(call), call.upstreamModel(),
                body -> new ChatStream(streams.decode(body)));
    }

    /** Anthropic has no embeddings API (it recommends Voyage AI). */
    @Override
    public CompletableFuture<Embeddings> embed(EmbeddingCall call) {
        return CompletableFuture.failedFuture(new GatewayException(ErrorType.INVALID_REQUEST,
                "Provider '" + settings.name() + "' does not offer embeddings.", "model", "model_not_supported", null));
    }

    @Override
    public void close() {
        calls.close();
    }
}
