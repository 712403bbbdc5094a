package io.llmux.budget;

import java.math.BigDecimal;
import java.util.List;

/**
 * What a response reports about money: its cost, and the tightest budget left.
 *
 * @param costMicros the settled cost; on a stream's response head, before it is known, the
 *                   request's reservation (its worst case, an upper bound)
 * @param settled    whether {@code costMicros} is the settled cost
 * @param tightest   the budget with the smallest share left, or null when no budget applies
 */
public record BudgetStatus(long costMicros, boolean settled, BudgetRemaining tightest) {

    /** The value of x-llmux-budget-remaining when no budget applies. */
    public static final String UNLIMITED = "unlimited";

    /** The x-llmux-cost value: micro-dollars as plain USD, 1234 -> 0.001234. */
    public String costHeader() {
        return BigDecimal.valueOf(costMicros, 6).toPlainString();
    }

    public String remainingHeader() {
        return tightest == null ? UNLIMITED : tightest.headerValue();
    }

    static BudgetRemaining tightest(List<BudgetRemaining> candidates) {
        BudgetRemaining tightest = null;
        for (BudgetRemaining candidate : candidates) {
            if (tightest == null || candidate.share() < tightest.share()) {
                tightest = candidate;
            }
        }
        return tightest;
    }
}
