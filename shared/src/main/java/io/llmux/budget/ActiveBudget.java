package io.llmux.budget;

import java.time.Instant;
import java.time.ZoneId;

/**
 * One budget that applies to a request, resolved for the moment it arrived: the counter of its
 * current period, its caps, and when that period resets.
 *
 * @param hardCap   refuse what does not fit (true), or count it and warn (false)
 * @param resetsAt  the end of the current period (the next period's start), in the tenant's zone
 * @param expiresAt the TTL of this period's items, epoch seconds
 */
public record ActiveBudget(BudgetCounter counter, BudgetCaps caps, boolean hardCap, ZoneId zone, Instant resetsAt, long expiresAt) {

    /** The caps a reservation is checked against: the budget's own when hard, none when soft. */
    public BudgetCaps reservationCaps() {
        return hardCap ? caps : BudgetCaps.NONE;
    }

    public BudgetScope scope() {
        return counter.scope();
    }

    public BudgetPeriod period() {
        return counter.period();
    }
}
