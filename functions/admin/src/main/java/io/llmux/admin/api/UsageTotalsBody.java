package io.llmux.admin.api;

import io.llmux.usage.UsageCounts;
import io.swagger.v3.oas.annotations.media.Schema;

/** Usage counts as exact integers; money in micro-dollars and as an exact decimal string. */
@Schema(name = "UsageTotals", requiredProperties = {"requests", "input_tokens", "output_tokens", "total_tokens", "cached_tokens",
        "cache_hits", "cost_micros", "cost_usd"})
public record UsageTotalsBody(
        @Schema(description = "Requests metered (cache hits included)") long requests,
        @Schema(description = "Prompt tokens, cached ones included") long inputTokens,
        @Schema(description = "Completion tokens") long outputTokens,
        @Schema(description = "input_tokens + output_tokens") long totalTokens,
        @Schema(description = "Prompt tokens served from the provider's prompt cache") long cachedTokens,
        @Schema(description = "Requests answered from LLMux's response cache (cost 0)") long cacheHits,
        @Schema(description = "Cost in micro-dollars (1,000,000 = 1 USD)") long costMicros,
        @Schema(description = "Cost in US dollars, exact, six decimals", example = "12.345678") String costUsd) {

    public static UsageTotalsBody of(UsageCounts counts) {
        return new UsageTotalsBody(counts.requests(), counts.inputTokens(), counts.outputTokens(), counts.totalTokens(),
                counts.cachedTokens(), counts.cacheHits(), counts.costMicros(), counts.costUsd());
    }
}
