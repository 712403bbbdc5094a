package io.llmux.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.cache.CacheStatus;
import io.llmux.provider.Deployment;
import reactor.core.publisher.Flux;

/**
 * A streamed completion that the provider accepted: the chunks the client should see (the usage
 * chunk only when it asked for one), and the deployment serving it. The stream errors with a
 * {@link io.llmux.error.GatewayException} if the provider fails midway; usage is settled whatever
 * happens, once. {@code cache} says whether the chunks are a replay from the response cache.
 */
public record StreamResult(Flux<ObjectNode> chunks, Deployment deployment, CacheStatus cache) {

    public StreamResult(Flux<ObjectNode> chunks, Deployment deployment) {
        this(chunks, deployment, CacheStatus.BYPASS);
    }
}
