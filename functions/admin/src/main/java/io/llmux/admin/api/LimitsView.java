package io.llmux.admin.api;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

/** Rate limits as responses show them: every field present, null meaning no limit at this level. */
@Schema(name = "Limits", description = "Rate limits; null means no limit at this level (a key falls back to its tenant's).",
        requiredProperties = {"requests_per_minute", "tokens_per_minute", "max_in_flight"})
public record LimitsView(
        @Nullable @Schema(description = "Requests per minute", minimum = "1", nullable = true) Integer requestsPerMinute,
        @Nullable @Schema(description = "Prompt plus maximum output tokens per minute", minimum = "1", nullable = true) Integer tokensPerMinute,
        @Nullable @Schema(description = "Concurrent requests", minimum = "1", nullable = true) Integer maxInFlight) {
}
