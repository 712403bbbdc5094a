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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * OpenAI's chat completions and embeddings API, and every service that copies it (Groq, Mistral,
 * DeepSeek, Together, OpenRouter, Ollama, vLLM), told apart only by base URL and {@link Quirks}.
 *
 * <p>One JDK HttpClient per provider keeps connections alive between calls. Its callbacks run on
 * the client's own I/O thread (a direct executor): the work done there is small and non-blocking,
 * and BUILD-NOTES measured the default executor's thread hops at 2-3x the CPU per request.
 */
public final class OpenAiProvider implements Provider {

    private final ProviderSettings settings;
    private final HttpClient http;
    private final URI chatUri;
    private final URI embeddingsUri;
    private final OpenAiRequestMapper requests;
    private final OpenAiErrorMapper errors;
    private final OpenAiStreamDecoder streams;
    private final List<ModelInfo> models;

    public OpenAiProvider(ProviderSettings settings, Quirks quirks) {
        this.settings = settings;
        String base = settings.baseUrl().endsWith("/") ? settings.baseUrl() : settings.baseUrl() + "/";
        this.chatUri = URI.create(base + "chat/completions");
        this.embeddingsUri = URI.create(base + "embeddings");
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .version(base.startsWith("https:") ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .executor(Runnable::run)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
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
        return sendWhole(chatUri, requests.chat(call), call.upstreamModel(),
                body -> new ChatCompletion(body, OpenAiUsage.of(body)), "choices");
    }

    @Override
    public CompletableFuture<Embeddings> embed(EmbeddingCall call) {
        return sendWhole(embeddingsUri, requests.embeddings(call), call.upstreamModel(),
                body -> new Embeddings(body, OpenAiUsage.of(body)), "data");
    }

    @Override
    public CompletableFuture<ChatStream> stream(ProviderCall call) {
        HttpRequest request = post(chatUri, requests.chat(call), settings.firstByteTimeout())
                .header("Accept", "text/event-stream")
                .build();
        CompletableFuture<HttpResponse<UpstreamBody>> sent = http.sendAsync(request, UpstreamBody.handler());
        CompletableFuture<ChatStream> result = sent.handle((response, failure) -> {
            if (failure != null) {
                throw new CompletionException(errors.fromFailure(failure, settings.firstByteTimeout()));
            }
            return switch (response.body()) {
                case UpstreamBody.Live live -> new ChatStream(streams.decode(live.bytes(), settings.idleTimeout()));
                case UpstreamBody.Whole whole -> throw new CompletionException(
                        errors.fromStatus(response.statusCode(), response.headers(), whole.bytes(), call.upstreamModel()));
            };
        });
        return cancelTogether(result, sent);
    }

    private <T> CompletableFuture<T> sendWhole(URI uri, byte[] body, String upstreamModel,
                                               Function<ObjectNode, T> toResult, String requiredField) {
        HttpRequest request = post(uri, body, settings.totalTimeout()).build();
        CompletableFuture<HttpResponse<byte[]>> sent = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        CompletableFuture<T> result = sent.copy()
                .orTimeout(settings.totalTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .handle((response, failure) -> {
                    if (failure != null) {
                        throw new CompletionException(errors.fromFailure(failure, settings.totalTimeout()));
                    }
                    if (response.statusCode() != 200) {
                        throw new CompletionException(errors.fromStatus(response.statusCode(), response.headers(),
                                response.body(), upstreamModel));
                    }
                    return toResult.apply(parseObject(response.body(), requiredField));
                });
        return cancelTogether(result, sent);
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

    private HttpRequest.Builder post(URI uri, byte[] body, Duration headersTimeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(headersTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
            builder.header("Authorization", "Bearer " + settings.apiKey());
        }
        return builder;
    }

    /**
     * Cancelling the result (the client went away, or a timeout fired) also aborts the HTTP
     * exchange; a plain dependent future would leave the provider call running and billing.
     */
    private static <T> CompletableFuture<T> cancelTogether(CompletableFuture<T> result, CompletableFuture<?> exchange) {
        result.whenComplete((value, failure) -> {
            if (failure != null && !exchange.isDone()) {
                exchange.cancel(true);
            }
        });
        return result;
    }
}
