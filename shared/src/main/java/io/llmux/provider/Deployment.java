package io.llmux.provider;

/** Where a request goes: a provider, and the model name to send it. */
public record Deployment(Provider provider, String upstreamModel) {
}
