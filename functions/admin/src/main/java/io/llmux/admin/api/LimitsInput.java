package io.llmux.admin.api;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

/** Rate limits as the admin API reads and writes them; an absent or null field means no limit. */
@Schema(name = "LimitsInput", description = "Rate limits, as a request sets them; an absent or null field means no limit at this level (a key falls back to its tenant's).")
public record LimitsInput(
        @Nullable @Schema(description = "Requests per minute", minimum = "1", nullable = true) Integer requestsPerMinute,
        @Nullable @Schema(description = "Prompt plus maximum output tokens per minute", minimum = "1", nullable = true) Integer tokensPerMinute,
        @Nullable @Schema(description = "Concurrent requests", minimum = "1", nullable = true) Integer maxInFlight) {
}
