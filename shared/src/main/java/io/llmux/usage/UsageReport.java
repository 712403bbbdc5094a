package io.llmux.usage;

import io.llmux.budget.BudgetPeriod;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * One tenant's usage in one period, split into groups.
 *
 * @param summary   the summary written when the period was closed, or null while it is open
 * @param totals    the period's totals (the sum of its lines)
 * @param groups    the largest groups by cost (then requests), or every day of the period in order
 * @param truncated whether groups beyond the limit were left out; {@code other} is their sum
 */
public record UsageReport(String tenantId, BudgetPeriod period, String periodKey, ZoneId zone, Instant start, Instant end,
                          UsageSummary summary, UsageCounts totals, UsageGrouping grouping, List<Group> groups,
                          boolean truncated, UsageCounts other) {

    /**
     * @param label      what the group is: "openai/gpt-4o", "openai", a key id, or a date
     * @param dimensions the label's parts by name (provider and model; provider; key_id; date)
     */
    public record Group(String label, Map<String, String> dimensions, UsageCounts counts) {
    }
}
