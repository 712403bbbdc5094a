package io.llmux.provider;

import io.llmux.openai.EmbeddingRequest;

/** An embeddings request bound for one provider, with the model name that provider knows. */
public record EmbeddingCall(EmbeddingRequest request, String upstreamModel) {
}
