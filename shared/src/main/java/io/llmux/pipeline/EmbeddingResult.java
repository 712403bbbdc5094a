package io.llmux.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.provider.Deployment;
import io.llmux.ratelimit.RateLimitDecision;

/** Embeddings, ready to answer with, how they were served, and the rate-limit state to report. */
public record EmbeddingResult(ObjectNode body, Deployment deployment, UsageRecord usage, RateLimitDecision rateLimit) {

    public EmbeddingResult(ObjectNode body, Deployment deployment, UsageRecord usage) {
        this(body, deployment, usage, RateLimitDecision.UNLIMITED);
    }
}
