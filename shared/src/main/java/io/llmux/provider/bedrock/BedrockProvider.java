package io.llmux.provider.bedrock;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;

/**
 * Amazon Bedrock's Converse and ConverseStream APIs through the AWS SDK's async client: one API
 * for every model family on Bedrock (Claude, Nova, Llama, Mistral, ...). The SDK signs requests
 * (SigV4 with the default credential chain) and decodes ConverseStream's binary eventstream
 * framing, CRCs included; this class adds LLMux's timeouts and cancellation, and the mappers
 * translate formats.
 *
 * <p>Timeouts: a whole call must finish within the total timeout; a stream must start within the
 * first-byte timeout and never fall silent longer than the idle timeout. Each cancels the SDK
 * call, which closes its connection, so Bedrock stops generating (and billing).
 */
public final class BedrockProvider implements Provider, AutoCloseable {

    private final ProviderSettings settings;
    private final BedrockClientHolder client;
    private final BedrockRequestMapper requests = new BedrockRequestMapper();
    private final BedrockResponseMapper responses = new BedrockResponseMapper();
    private final BedrockErrorMapper errors;
    private final BedrockStreamDecoder streams;
    private final List<ModelInfo> models;

    BedrockProvider(ProviderSettings settings, BedrockClientHolder client) {
        this.settings = settings;
        this.client = client;
        this.errors = new BedrockErrorMapper(settings.name());
        this.streams = new BedrockStreamDecoder(errors);
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

    /** Whether the SDK client exists yet: it is built by the first call, not at start-up. */
    boolean clientStarted() {
        return client.started();
    }

    @Override
    public CompletableFuture<ChatCompletion> complete(ProviderCall call) {
        CompletableFuture<ConverseResponse> sent;
        try {
            sent = client.client().converse(requests.map(call).whole());
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(errors.fromFailure(refused, settings.totalTimeout(), call.upstreamModel()));
        }
        // Mono.timeout cancels the SDK future when it fires, and so does cancelling the returned
        // future (the client went away): either way the SDK aborts the request and its connection.
        return Mono.fromFuture(sent)
                .timeout(settings.totalTimeout())
                .map(response -> responses.completion(response, call.upstreamModel()))
                .onErrorMap(failure -> !(failure instanceof GatewayException),
                        failure -> errors.fromFailure(failure, settings.totalTimeout(), call.upstreamModel()))
                .toFuture();
    }

    @Override
    public CompletableFuture<ChatStream> stream(ProviderCall call) {
        String model = call.upstreamModel();
        CompletableFuture<ChatStream> accepted = new CompletableFuture<>();
        CompletableFuture<Void> exchange;
        String[] requestId = {null};
        ConverseStreamResponseHandler handler = ConverseStreamResponseHandler.builder()
                .onResponse(response -> requestId[0] = response.responseMetadata().requestId())
                .onEventStream(events -> accepted.complete(new ChatStream(Flux.<ConverseStreamOutput>from(events)
                        .transform(flux -> liveStream(flux, requestId[0], model)))))
                .onError(failure -> {
                    // After the stream began, the failure reaches the stream itself (see BedrockStreamDecoder).
                    if (!accepted.isDone()) {
                        accepted.completeExceptionally(errors.fromFailure(failure, settings.firstByteTimeout(), model));
                    }
                })
                .build();
        try {
            exchange = client.client().converseStream(requests.map(call).streamed(), handler);
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(errors.fromFailure(refused, settings.firstByteTimeout(), model));
        }
        exchange.whenComplete((done, failure) -> {
            if (failure != null && !accepted.isDone()) {
                accepted.completeExceptionally(errors.fromFailure(failure, settings.firstByteTimeout(), model));
            }
        });
        return Mono.fromFuture(accepted)
                .timeout(settings.firstByteTimeout())
                .doOnCancel(() -> exchange.cancel(true))
                .onErrorMap(failure -> {
                    exchange.cancel(true);
                    return failure instanceof GatewayException ? failure
                            : errors.fromFailure(failure, settings.firstByteTimeout(), model);
                })
                .map(stream -> new ChatStream(stream.chunks().doFinally(signal -> {
                    if (signal != SignalType.ON_COMPLETE) {
                        // The client left, a timer fired, or Bedrock broke off: close the connection.
                        exchange.cancel(true);
                    }
                })))
                .toFuture();
    }

    private Flux<ObjectNode> liveStream(Flux<ConverseStreamOutput> events, String requestId, String model) {
        return streams.decode(events.timeout(settings.idleTimeout())
                .onErrorMap(TimeoutException.class, silent -> errors.idleTimeout(settings.idleTimeout())), requestId, model);
    }

    @Override
    public CompletableFuture<Embeddings> embed(EmbeddingCall call) {
        return CompletableFuture.failedFuture(new GatewayException(ErrorType.INVALID_REQUEST, "Provider '" + name()
                + "' serves chat completions only; LLMux does not call Bedrock's embedding models yet.",
                "model", "model_not_supported", null));
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "BedrockProvider[" + settings + ", " + client + "]";
    }
}
