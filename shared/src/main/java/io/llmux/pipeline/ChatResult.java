package io.llmux.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.cache.CacheStatus;
import io.llmux.provider.Deployment;

/** A whole completion, ready to answer with, and how it was served. */
public record ChatResult(ObjectNode body, Deployment deployment, UsageRecord usage, CacheStatus cache) {

    public ChatResult(ObjectNode body, Deployment deployment, UsageRecord usage) {
        this(body, deployment, usage, CacheStatus.BYPASS);
    }
}
