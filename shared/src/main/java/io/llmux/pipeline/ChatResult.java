package io.llmux.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.provider.Deployment;
import io.llmux.ratelimit.RateLimitDecision;

/** A whole completion, ready to answer with, how it was served, and the rate-limit state to report. */
public record ChatResult(ObjectNode body, Deployment deployment, UsageRecord usage, RateLimitDecision rateLimit) {

    public ChatResult(ObjectNode body, Deployment deployment, UsageRecord usage) {
        this(body, deployment, usage, RateLimitDecision.UNLIMITED);
    }
}
