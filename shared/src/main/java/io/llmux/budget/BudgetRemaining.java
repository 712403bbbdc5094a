package io.llmux.budget;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What is left of one cap of one budget, for the {@code x-llmux-budget-remaining} header:
 * {@code tokens=10000;scope=key;period=monthly;resets=2026-12-01T00:00:00Z} or
 * {@code cost=12.500000;scope=tenant;period=daily;resets=...} (USD with six decimals).
 *
 * @param cost      whether this is the cost cap (micro-dollars) rather than the token cap
 * @param remaining cap minus committed (spent and open reservations), never below zero
 */
public record BudgetRemaining(BudgetScope scope, BudgetPeriod period, boolean cost, long remaining, long cap, Instant resetsAt) {

    static BudgetRemaining of(ActiveBudget budget, CounterState state, boolean cost) {
        long cap = cost ? budget.caps().micros() : budget.caps().tokens();
        long used = cost ? state.committedMicros() : state.committedTokens();
        return new BudgetRemaining(budget.scope(), budget.period(), cost, Math.max(0, cap - used), cap, budget.resetsAt());
    }

    /** The share of the cap that is left, 0 to 1; only to pick the tightest budget, never to count money. */
    double share() {
        return cap == 0 ? 0 : (double) remaining / cap;
    }

    public String headerValue() {
        return (cost ? "cost=" + BigDecimal.valueOf(remaining, 6).toPlainString() : "tokens=" + remaining)
                + ";scope=" + scope.wireName() + ";period=" + period.wireName() + ";resets=" + resetsAt;
    }
}
