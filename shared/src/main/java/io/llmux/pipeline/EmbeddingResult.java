package io.llmux.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.provider.Deployment;

/** Embeddings, ready to answer with, and how they were served. */
public record EmbeddingResult(ObjectNode body, Deployment deployment, UsageRecord usage) {
}
