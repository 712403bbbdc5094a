package io.llmux.admin.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A tenant's usage in one period. */
@Schema(name = "UsageReport")
public record UsageReportBody(
        String tenantId,
        @Schema(allowableValues = {"daily", "weekly", "monthly"}) String period,
        @Schema(description = "The period: 2026-11-27, 2026-W48 (ISO week) or 2026-11", example = "2026-11") String periodKey,
        @Schema(description = "The tenant's time zone, which periods align to") String timeZone,
        @Schema(description = "When the period starts (inclusive), ISO-8601 UTC") String start,
        @Schema(description = "When it ends (exclusive)") String end,
        @Schema(description = "Whether the quota-reset function has closed it (its summary is written)") boolean closed,
        @Schema(nullable = true) String closedAt,
        UsageTotalsBody totals,
        @Schema(allowableValues = {"model", "provider", "key", "day"}) String groupBy,
        @Schema(description = "Largest cost first (then requests); for day, every day of the period in order, zeros included") List<UsageGroupBody> groups,
        @Schema(description = "Whether groups beyond limit were left out") boolean truncated,
        @Schema(description = "The sum of the groups left out; null unless truncated", nullable = true) UsageTotalsBody other) {
}
