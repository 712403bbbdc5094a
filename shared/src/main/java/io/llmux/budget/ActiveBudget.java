package io.llmux.budget;

import java.time.Instant;
import java.time.ZoneId;

/**
 * One budget that applies to a request, resolved for the moment it arrived: the counter of its
 * current period, its caps, and when that period resets.
 *
 * @param counter   the budget's counter (shard 0: for a sharded budget, the name of the whole)
 * @param hardCap   refuse what does not fit (true), or count it and warn (false)
 * @param resetsAt  the end of the current period (the next period's start), in the tenant's zone
 * @param expiresAt the TTL of this period's items, epoch seconds
 * @param shards    1 for one counter; N for N shard counters, each holding a share of the caps
 */
public record ActiveBudget(BudgetCounter counter, BudgetCaps caps, boolean hardCap, ZoneId zone, Instant resetsAt, long expiresAt,
                           int shards) {

    public ActiveBudget(BudgetCounter counter, BudgetCaps caps, boolean hardCap, ZoneId zone, Instant resetsAt, long expiresAt) {
        this(counter, caps, hardCap, zone, resetsAt, expiresAt, 1);
    }

    /** The caps a reservation is checked against: the budget's own when hard, none when soft. */
    public BudgetCaps reservationCaps() {
        return hardCap ? caps : BudgetCaps.NONE;
    }

    public boolean sharded() {
        return shards > 1;
    }

    /** The counters a reservation may go to: the one counter, or shards 1..N. */
    public BudgetCounter counter(int shard) {
        return sharded() ? counter.shard(shard) : counter;
    }

    /**
     * The caps of shard {@code shard} (from 1) of a hard budget: an even share, the remainder
     * spread over the first shards, so the shares add up to the cap exactly.
     */
    public BudgetCaps reservationCaps(int shard) {
        if (!hardCap || !sharded()) {
            return reservationCaps();
        }
        return new BudgetCaps(share(caps.tokens(), shard), share(caps.micros(), shard));
    }

    private Long share(Long cap, int shard) {
        return cap == null ? null : cap / shards + (shard <= cap % shards ? 1 : 0);
    }

    public BudgetScope scope() {
        return counter.scope();
    }

    public BudgetPeriod period() {
        return counter.period();
    }
}
