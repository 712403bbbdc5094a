package io.llmux.admin.api;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A tenant's usage in one period. */
@Schema(name = "UsageReport", description = "other (the sum of the groups left out) is null unless truncated.",
        requiredProperties = {"tenant_id", "period", "period_key", "time_zone", "start", "end", "closed", "closed_at", "totals", "group_by",
        "groups", "truncated", "other"})
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
        @Nullable UsageTotalsBody other) {
}
