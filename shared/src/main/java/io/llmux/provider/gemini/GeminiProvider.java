package io.llmux.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import io.llmux.provider.http.UpstreamCalls;
import io.llmux.provider.http.UpstreamErrors;
import io.llmux.provider.openai.OpenAiUsage;
import io.llmux.tokens.TokenCounter;
import io.llmux.tokens.Usage;
import io.llmux.tokens.UsageSource;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

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
    private final UpstreamErrors upstream;
    private final UpstreamCalls calls;
    private final TokenCounter tokens;
    private final String modelsBase;
    private final Map<String, String> headers;
    private final Map<String, String> streamHeaders;
    private final GeminiRequestMapper requests = new GeminiRequestMapper();
    private final GeminiStreamDecoder streams;
    private final List<ModelInfo> models;

    public GeminiProvider(ProviderSettings settings, UpstreamHttp http, TokenCounter tokens) {
        this.settings = settings;
        this.tokens = tokens;
        String base = settings.baseUrl().endsWith("/") ? settings.baseUrl() : settings.baseUrl() + "/";
        this.modelsBase = base + "v1beta/models/";
        this.headers = Map.of("x-goog-api-key", settings.apiKey());
        this.streamHeaders = Map.of("x-goog-api-key", settings.apiKey(), "Accept", "text/event-stream");
        GeminiErrorMapper errors = new GeminiErrorMapper(settings.name(), settings.apiKey());
        this.upstream = errors.upstream();
        this.calls = new UpstreamCalls(http, settings, upstream, errors);
        this.streams = new GeminiStreamDecoder(errors);
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
        String id = newId();
        long created = System.currentTimeMillis() / 1000;
        return calls.whole(uri(call.upstreamModel(), ":generateContent"), headers, () -> requests.chat(call.request()),
                call.upstreamModel(), response -> {
                    if (!response.path("candidates").isArray() && !response.has("promptFeedback")) {
                        throw new CompletionException(upstream.malformed());
                    }
                    ObjectNode completion = GeminiResponseMapper.completion(response, call.upstreamModel(), id, created);
                    return new ChatCompletion(completion, OpenAiUsage.of(completion));
                });
    }

    @Override
    public CompletableFuture<ChatStream> stream(ProviderCall call) {
        String id = newId();
        long created = System.currentTimeMillis() / 1000;
        return calls.stream(uri(call.upstreamModel(), ":streamGenerateContent?alt=sse"), streamHeaders,
                () -> requests.chat(call.request()), call.upstreamModel(),
                body -> new ChatStream(streams.decode(body, call.upstreamModel(), id, created)));
    }

    /**
     * Embeddings through {@code batchEmbedContents}, one request per input. Gemini reports no token
     * count for embeddings, so the usage (in the body, as OpenAI's schema requires, and for
     * metering) is LLMux's own count.
     */
    @Override
    public CompletableFuture<Embeddings> embed(EmbeddingCall call) {
        return calls.whole(uri(call.upstreamModel(), ":batchEmbedContents"), headers,
                () -> requests.embeddings(call.request(), call.upstreamModel()), call.upstreamModel(), response -> {
            JsonNode embeddings = response.path("embeddings");
            if (!embeddings.isArray() || embeddings.size() != call.request().texts().size()) {
                throw new CompletionException(upstream.malformed());
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

    /**
     * Gemini's responseId is not an OpenAI-style id, and not on every answer: LLMux makes its own.
     * Unique, not secret, so no SecureRandom on the hot path.
     */
    private static String newId() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        return "chatcmpl-" + Long.toHexString(random.nextLong() | Long.MIN_VALUE) + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
    }

    @Override
    public void close() {
        calls.close();
    }
}
