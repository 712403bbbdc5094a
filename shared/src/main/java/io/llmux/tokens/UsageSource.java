package io.llmux.tokens;

/** Where a usage figure came from: the provider's own report, or LLMux's local count. */
public enum UsageSource {
    /** The provider reported usage; it is authoritative and what the client is billed on. */
    PROVIDER,
    /** The provider reported none (or the stream was cut); LLMux counted the tokens itself. */
    LOCAL;

    public String wireName() {
        return name().toLowerCase();
    }
}
