package io.llmux.provider;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A provider of models. Requests and responses cross this port in OpenAI's chat format, the
 * gateway's canonical one; each adapter translates to and from its provider's wire format.
 *
 * <p>Every method is non-blocking. A failure completes the future (or errors the stream) with a
 * {@link io.llmux.error.GatewayException} whose message names the provider and never a credential.
 */
public interface Provider {

    /** The name clients use as a model prefix: {@code openai} in {@code openai/gpt-4o}. */
    String name();

    /** The models served by default, for {@code GET /v1/models} and bare-name resolution. */
    List<ModelInfo> models();

    /** A whole completion. */
    CompletableFuture<ChatCompletion> complete(ProviderCall call);

    /**
     * A streamed completion. The future completes once the provider has accepted the request, so a
     * refusal (429, 5xx, timeout before the first byte) is still an ordinary error response; after
     * that, failures arrive as an error signal on the stream.
     */
    CompletableFuture<ChatStream> stream(ProviderCall call);

    /** Embeddings of the request's inputs. */
    CompletableFuture<Embeddings> embed(EmbeddingCall call);
}
