package io.llmux.tokens;

/**
 * Tokens one call consumed.
 *
 * @param promptTokens        input tokens, cached ones and cache writes included
 * @param completionTokens    output tokens, reasoning included
 * @param cachedPromptTokens  input tokens read from the provider's prompt cache
 * @param cacheCreationTokens input tokens written to the provider's prompt cache (Anthropic prices
 *                            these above plain input); 0 for providers that do not charge writes
 * @param source              who counted them
 */
public record Usage(long promptTokens, long completionTokens, long cachedPromptTokens, long cacheCreationTokens,
                    UsageSource source) {

    /** Usage without cache writes: what every provider but Anthropic reports. */
    public Usage(long promptTokens, long completionTokens, long cachedPromptTokens, UsageSource source) {
        this(promptTokens, completionTokens, cachedPromptTokens, 0, source);
    }

    public long totalTokens() {
        return promptTokens + completionTokens;
    }
}
