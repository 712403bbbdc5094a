package io.llmux.admin.api;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

/** Spending caps as responses show them: every field present, a null cap meaning none. */
@Schema(name = "Budgets", description = "Spending caps per period; null means no cap.",
        requiredProperties = {"period", "tokens", "cost_micros", "hard_cap"})
public record BudgetsView(
        @Schema(description = "Budget period, aligned to the tenant's time zone", allowableValues = {"daily", "weekly", "monthly"}) String period,
        @Nullable @Schema(description = "Tokens per period", minimum = "0", nullable = true) Long tokens,
        @Nullable @Schema(description = "Micro-dollars (USD 1e-6) per period", minimum = "0", nullable = true) Long costMicros,
        @Schema(description = "Refuse requests over the budget (true) or allow them and warn (false)") boolean hardCap) {
}
