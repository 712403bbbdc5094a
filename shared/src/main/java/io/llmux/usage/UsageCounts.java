package io.llmux.usage;

import io.llmux.pipeline.UsageRecord;
import java.math.BigDecimal;

/**
 * What a set of requests consumed, as exact integers: money in micro-dollars, never floating point.
 *
 * @param requests     requests metered
 * @param inputTokens  prompt tokens, cached ones included
 * @param outputTokens completion tokens
 * @param cachedTokens prompt tokens the provider served from its prompt cache
 * @param cacheHits    requests answered from LLMux's response cache (no provider call, cost 0)
 * @param costMicros   cost in micro-dollars
 */
public record UsageCounts(long requests, long inputTokens, long outputTokens, long cachedTokens, long cacheHits, long costMicros) {

    public static final UsageCounts ZERO = new UsageCounts(0, 0, 0, 0, 0, 0);

    /** One request's contribution. */
    public static UsageCounts of(UsageRecord record) {
        return new UsageCounts(1, record.usage().promptTokens(), record.usage().completionTokens(),
                record.usage().cachedPromptTokens(), record.cached() ? 1 : 0, record.costMicros());
    }

    public UsageCounts plus(UsageCounts other) {
        return new UsageCounts(Math.addExact(requests, other.requests), Math.addExact(inputTokens, other.inputTokens),
                Math.addExact(outputTokens, other.outputTokens), Math.addExact(cachedTokens, other.cachedTokens),
                Math.addExact(cacheHits, other.cacheHits), Math.addExact(costMicros, other.costMicros));
    }

    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    /** The cost in US dollars as an exact decimal string: 1234567 micro-dollars is "1.234567". */
    public String costUsd() {
        return usd(costMicros);
    }

    public static String usd(long micros) {
        return BigDecimal.valueOf(micros, 6).toPlainString();
    }
}
