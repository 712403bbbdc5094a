package io.llmux.provider.azure;

import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.llmux.provider.ChatCompletion;
import io.llmux.provider.ChatStream;
import io.llmux.provider.EmbeddingCall;
import io.llmux.provider.Embeddings;
import io.llmux.provider.ModelInfo;
import io.llmux.provider.Provider;
import io.llmux.provider.ProviderCall;
import io.llmux.provider.openai.OpenAiProvider;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Azure OpenAI: OpenAI's formats at Azure's deployment URLs. The OpenAI adapter does the mapping
 * (requests, responses, streams, errors), built with {@link AzureEndpoints}; this class adds what
 * is Azure's own: the opening prompt-filter chunk of a stream ({@link AzureStreamNormalizer}), and
 * a 404 that names the deployment (Azure answers DeploymentNotFound, not an unknown model).
 *
 * <p>Azure's content-filter fields ({@code prompt_filter_results}, {@code content_filter_results})
 * pass through to the client as Azure sent them; {@code finish_reason: content_filter} is OpenAI's
 * own value and needs no mapping.
 */
public final class AzureOpenAiProvider implements Provider, AutoCloseable {

    private final String name;
    private final OpenAiProvider openAi;
    private final AzureDeployments deployments;

    AzureOpenAiProvider(String name, OpenAiProvider openAi, AzureDeployments deployments) {
        this.name = name;
        this.openAi = openAi;
        this.deployments = deployments;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<ModelInfo> models() {
        return openAi.models();
    }

    @Override
    public CompletableFuture<ChatCompletion> complete(ProviderCall call) {
        return adapt(openAi.complete(call), call.upstreamModel(), Function.identity());
    }

    @Override
    public CompletableFuture<ChatStream> stream(ProviderCall call) {
        return adapt(openAi.stream(call), call.upstreamModel(),
                stream -> new ChatStream(AzureStreamNormalizer.normalize(stream.chunks(), call.upstreamModel())));
    }

    @Override
    public CompletableFuture<Embeddings> embed(EmbeddingCall call) {
        return adapt(openAi.embed(call), call.upstreamModel(), Function.identity());
    }

    /**
     * Maps the outcome; cancelling the result (the client went away) cancels the OpenAI adapter's
     * call too, which closes the provider connection.
     */
    private <T, R> CompletableFuture<R> adapt(CompletableFuture<T> call, String upstreamModel, Function<T, R> onSuccess) {
        CompletableFuture<R> result = call.handle((value, failure) -> {
            if (failure != null) {
                throw new CompletionException(deploymentAware(unwrap(failure), upstreamModel));
            }
            return onSuccess.apply(value);
        });
        result.whenComplete((value, failure) -> {
            if (result.isCancelled()) {
                call.cancel(true);
            }
        });
        return result;
    }

    private Throwable deploymentAware(Throwable failure, String upstreamModel) {
        if (failure instanceof GatewayException e && "model_not_found".equals(e.code())) {
            String deployment = deployments.deploymentFor(upstreamModel);
            return new GatewayException(ErrorType.NOT_FOUND, "Provider '" + name + "' has no deployment '" + deployment
                    + "' for the model '" + upstreamModel + "'. The gateway operator maps models to deployments with "
                    + "llmux.providers." + name + ".deployments.", "model", "model_not_found", null);
        }
        return failure;
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    @Override
    public void close() {
        openAi.close();
    }
}
