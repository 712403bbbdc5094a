package io.llmux.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.llmux.provider.openai.OpenAiUsage;
import io.llmux.tokens.TokenCounter;
import io.llmux.tokens.Usage;
import io.llmux.tokens.UsageSource;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Google's Gemini API (generativelanguage.googleapis.com, v1beta): {@code models/M:generateContent},
 * {@code :streamGenerateContent?alt=sse} and {@code :batchEmbedContents}. The key travels in the
 * {@code x-goog-api-key} header, never in the URL (URLs end up in access logs).
 *
 * <p>The mapping is in one class per concern ({@link GeminiRequestMapper},
 * {@link GeminiResponseMapper}, {@link GeminiStreamDecoder}, {@link GeminiErrorMapper}); this
 * class sends and wires them, as {@link io.llmux.provider.openai.OpenAiProvider} does for OpenAI.
 */
public final class GeminiProvider implements Provider, AutoCloseable {

    private final ProviderSettings settings;
    private final UpstreamHttp http;
    private final TokenCounter tokens;
    private final String modelsBase;
    private final Map<String, String> headers;
    private final Map<String, String> streamHeaders;
    private final GeminiRequestMapper requests = new GeminiRequestMapper();
    private final GeminiErrorMapper errors;
    private final GeminiStreamDecoder streams;
    private final List<ModelInfo> models;

    public GeminiProvider(ProviderSettings settings, UpstreamHttp http, TokenCounter tokens) {
        this.settings = settings;
        this.http = http;
        this.tokens = tokens;
        String base = settings.baseUrl().endsWith("/") ? settings.baseUrl() : settings.baseUrl() + "/";
        this.modelsBase = base + "v1beta/models/";
        this.headers = Map.of("x-goog-api-key", settings.apiKey());
        this.streamHeaders = Map.of("x-goog-api-key", settings.apiKey(), "Accept", "text/event-stream");
        this.errors = new GeminiErrorMapper(settings.name(), settings.apiKey());
        this.streams = new GeminiStreamDecoder(errors);
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
        byte[] body;
        try {
            body = requests.chat(call.request());
        } catch (GatewayException invalid) {
            return CompletableFuture.failedFuture(invalid);
        }
        String id = newId();
        long created = System.currentTimeMillis() / 1000;
        return sendWhole(uri(call.upstreamModel(), ":generateContent"), body, call.upstreamModel(), response -> {
            if (!response.path("candidates").isArray() && !response.has("promptFeedback")) {
                throw new CompletionException(errors.malformed());
            }
            ObjectNode completion = GeminiResponseMapper.completion(response, call.upstreamModel(), id, created);
            return new ChatCompletion(completion, OpenAiUsage.of(completion));
        });
    }

    @Override
    public CompletableFuture<ChatStream> stream(ProviderCall call) {
        byte[] body;
        try {
            body = requests.chat(call.request());
        } catch (GatewayException invalid) {
            return CompletableFuture.failedFuture(invalid);
        }
        String id = newId();
        long created = System.currentTimeMillis() / 1000;
        CompletableFuture<UpstreamResponse> sent = http.stream(uri(call.upstreamModel(), ":streamGenerateContent?alt=sse"),
                streamHeaders, body);
        return cancelTogether(sent.handle((response, failure) -> {
            if (failure != null) {
                throw new CompletionException(errors.fromFailure(failure, settings.firstByteTimeout()));
            }
            return switch (response) {
                case UpstreamResponse.Streaming live ->
                        new ChatStream(streams.decode(live.body(), call.upstreamModel(), id, created));
                case UpstreamResponse.Whole whole -> throw new CompletionException(
                        errors.fromStatus(whole.status(), whole.headers(), whole.body(), call.upstreamModel()));
            };
        }), sent);
    }

    /**
     * Embeddings through {@code batchEmbedContents}, one request per input. Gemini reports no token
     * count for embeddings, so the usage (in the body, as OpenAI's schema requires, and for
     * metering) is LLMux's own count.
     */
    @Override
    public CompletableFuture<Embeddings> embed(EmbeddingCall call) {
        byte[] body;
        try {
            body = requests.embeddings(call.request(), call.upstreamModel());
        } catch (GatewayException invalid) {
            return CompletableFuture.failedFuture(invalid);
        }
        return sendWhole(uri(call.upstreamModel(), ":batchEmbedContents"), body, call.upstreamModel(), response -> {
            JsonNode embeddings = response.path("embeddings");
            if (!embeddings.isArray() || embeddings.size() != call.request().texts().size()) {
                throw new CompletionException(errors.malformed());
            }
            long promptTokens = 0;
            for (String text : call.request().texts()) {
                promptTokens += tokens.count(call.upstreamModel(), text);
            }
            ObjectNode result = Json.NODES.objectNode();
            result.put("object", "list");
            ArrayNode data = result.putArray("data");
            for (int i = 0; i < embeddings.size(); i++) {
                ObjectNode item = data.addObject();
                item.put("object", "embedding");
                item.put("index", i);
                JsonNode values = embeddings.get(i).path("values");
                if (call.request().base64()) {
                    item.put("embedding", base64(values));
                } else {
                    item.set("embedding", values);
                }
            }
            result.put("model", call.upstreamModel());
            result.putObject("usage").put("prompt_tokens", promptTokens).put("total_tokens", promptTokens);
            return new Embeddings(result, new Usage(promptTokens, 0, 0, UsageSource.LOCAL));
        });
    }

    /** OpenAI's base64 encoding of an embedding: the float32 values, little-endian. */
    private static String base64(JsonNode values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.size() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        values.forEach(v -> buffer.putFloat(v.floatValue()));
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    private URI uri(String model, String operation) {
        // One path segment, whatever the client put in the model name.
        return URI.create(modelsBase + URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20") + operation);
    }

    private <T> CompletableFuture<T> sendWhole(URI uri, byte[] body, String upstreamModel, Function<JsonNode, T> toResult) {
        CompletableFuture<UpstreamResponse.Whole> sent = http.post(uri, headers, body);
        return cancelTogether(sent.handle((response, failure) -> {
            if (failure != null) {
                throw new CompletionException(errors.fromFailure(failure, settings.totalTimeout()));
            }
            if (response.status() != 200) {
                throw new CompletionException(errors.fromStatus(response.status(), response.headers(), response.body(), upstreamModel));
            }
            return toResult.apply(parseObject(response.body()));
        }), sent);
    }

    private JsonNode parseObject(byte[] bytes) {
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (Exception malformed) {
            // reported below
        }
        throw new CompletionException(errors.malformed());
    }

    /**
     * Gemini's responseId is not an OpenAI-style id, and not on every answer: LLMux makes its own.
     * Unique, not secret, so no SecureRandom on the hot path.
     */
    private static String newId() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        return "chatcmpl-" + Long.toHexString(random.nextLong() | Long.MIN_VALUE) + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
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
