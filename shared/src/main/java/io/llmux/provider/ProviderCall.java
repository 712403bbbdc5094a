package io.llmux.provider;

import io.llmux.openai.ChatRequest;

/** A chat request bound for one provider, with the model name that provider knows. */
public record ProviderCall(ChatRequest request, String upstreamModel) {
}
