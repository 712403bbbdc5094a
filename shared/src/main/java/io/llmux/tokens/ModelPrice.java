package io.llmux.tokens;

/**
 * A model's price in integer micro-dollars per million tokens: money is never a float here.
 * $2.50 per 1M tokens is 2,500,000.
 */
public record ModelPrice(String model, long inputMicrosPerMillion, long outputMicrosPerMillion,
                         long cachedInputMicrosPerMillion) {

    private static final long MILLION = 1_000_000L;

    /**
     * The cost of a call in micro-dollars, rounded half up once over the whole sum (rounding each
     * part would overcharge by up to 1.5 micro-dollars a call).
     */
    public long costMicros(Usage usage) {
        long cached = Math.min(usage.cachedPromptTokens(), usage.promptTokens());
        long uncached = usage.promptTokens() - cached;
        long scaled = Math.multiplyExact(uncached, inputMicrosPerMillion)
                + Math.multiplyExact(cached, cachedInputMicrosPerMillion)
                + Math.multiplyExact(usage.completionTokens(), outputMicrosPerMillion);
        return (scaled + MILLION / 2) / MILLION;
    }
}
