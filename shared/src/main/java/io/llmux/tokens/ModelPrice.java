package io.llmux.tokens;

/**
 * A model's price in integer micro-dollars per million tokens: money is never a float here.
 * $2.50 per 1M tokens is 2,500,000.
 *
 * @param cacheWriteMicrosPerMillion input written to the prompt cache (Anthropic: 1.25x input);
 *                                   the input price where a provider does not charge writes apart
 */
public record ModelPrice(String model, long inputMicrosPerMillion, long outputMicrosPerMillion,
                         long cachedInputMicrosPerMillion, long cacheWriteMicrosPerMillion) {

    private static final long MILLION = 1_000_000L;

    /** A price without a separate cache-write rate: writes cost plain input. */
    public ModelPrice(String model, long inputMicrosPerMillion, long outputMicrosPerMillion, long cachedInputMicrosPerMillion) {
        this(model, inputMicrosPerMillion, outputMicrosPerMillion, cachedInputMicrosPerMillion, inputMicrosPerMillion);
    }

    /**
     * The cost of a call in micro-dollars, rounded half up once over the whole sum (rounding each
     * part would overcharge by up to 1.5 micro-dollars a call). Prompt tokens split into cache
     * reads, cache writes and the rest, each at its own price; reads and writes are capped at the
     * prompt so that a malformed report never makes the plain part negative.
     */
    public long costMicros(Usage usage) {
        long cached = Math.min(usage.cachedPromptTokens(), usage.promptTokens());
        long written = Math.min(usage.cacheCreationTokens(), usage.promptTokens() - cached);
        long uncached = usage.promptTokens() - cached - written;
        long scaled = Math.multiplyExact(uncached, inputMicrosPerMillion)
                + Math.multiplyExact(cached, cachedInputMicrosPerMillion)
                + Math.multiplyExact(written, cacheWriteMicrosPerMillion)
                + Math.multiplyExact(usage.completionTokens(), outputMicrosPerMillion);
        return (scaled + MILLION / 2) / MILLION;
    }
}
