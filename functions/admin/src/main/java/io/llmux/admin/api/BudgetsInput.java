package io.llmux.admin.api;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

/** Spending caps per period as the admin API reads and writes them; a null cap means none. */
@Schema(name = "BudgetsInput", description = "Spending caps per period, as a request sets them; an absent or null cap means none.")
public record BudgetsInput(
        @Nullable @Schema(description = "Budget period, aligned to the tenant's time zone", allowableValues = {"daily", "weekly", "monthly"},
                defaultValue = "monthly") String period,
        @Nullable @Schema(description = "Tokens per period", minimum = "0", nullable = true) Long tokens,
        @Nullable @Schema(description = "Micro-dollars (USD 1e-6) per period", minimum = "0", nullable = true) Long costMicros,
        @Nullable @Schema(description = "Refuse requests over the budget (true) or allow them and warn (false)", defaultValue = "true")
        Boolean hardCap) {
}
