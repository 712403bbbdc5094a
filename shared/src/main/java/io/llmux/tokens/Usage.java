package io.llmux.tokens;

/**
 * Tokens one call consumed.
 *
 * @param promptTokens       input tokens, cached ones included
 * @param completionTokens   output tokens, reasoning included
 * @param cachedPromptTokens input tokens served from the provider's prompt cache
 * @param source             who counted them
 */
public record Usage(long promptTokens, long completionTokens, long cachedPromptTokens, UsageSource source) {

    public long totalTokens() {
        return promptTokens + completionTokens;
    }
}
