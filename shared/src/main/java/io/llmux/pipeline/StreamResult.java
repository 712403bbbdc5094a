package io.llmux.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.provider.Deployment;
import io.llmux.ratelimit.RateLimitDecision;
import reactor.core.publisher.Flux;

/**
 * A streamed completion that the provider accepted: the chunks the client should see (the usage
 * chunk only when it asked for one), and the deployment serving it. The stream errors with a
 * {@link io.llmux.error.GatewayException} if the provider fails midway; usage is settled whatever
 * happens, once. {@code rateLimit} is the rate-limit state to report in the response headers.
 */
public record StreamResult(Flux<ObjectNode> chunks, Deployment deployment, RateLimitDecision rateLimit) {

    public StreamResult(Flux<ObjectNode> chunks, Deployment deployment) {
        this(chunks, deployment, RateLimitDecision.UNLIMITED);
    }
}
