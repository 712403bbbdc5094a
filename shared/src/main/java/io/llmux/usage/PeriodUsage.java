package io.llmux.usage;

import io.llmux.budget.BudgetPeriod;
import java.util.List;

/**
 * Everything the ledger holds for one tenant and period: its lines and, once the period has been
 * closed, its summary (null before).
 */
public record PeriodUsage(String tenantId, BudgetPeriod period, String periodKey, List<UsageLine> lines, UsageSummary summary) {

    public UsageCounts totals() {
        UsageCounts sum = UsageCounts.ZERO;
        for (UsageLine line : lines) {
            sum = sum.plus(line.counts());
        }
        return sum;
    }

    public boolean closed() {
        return summary != null;
    }
}
