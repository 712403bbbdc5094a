package io.llmux.budget;

import java.util.Optional;

/**
 * Budget counters, one item per budget and period, changed only by atomic single-item writes: no
 * read-modify-write anywhere, so any number of instances can count the same budget exactly.
 * Adapters: {@code DynamoDbBudgetLedger} (one conditional UpdateItem per call) and
 * {@code InMemoryBudgetLedger} (the local server).
 */
public interface BudgetLedger {

    /**
     * Reserves {@code amount} if it still fits: in one atomic step, adds it to the counter's
     * committed and reserved amounts provided that committed + amount stays within every cap
     * {@code caps} sets (a counter that does not exist yet counts as zero).
     *
     * @param expiresAt the item's TTL, epoch seconds
     * @return the counter after the reservation, or empty when it did not fit (nothing was added)
     */
    Optional<CounterState> reserve(BudgetCounter counter, Spend amount, BudgetCaps caps, long expiresAt);

    /**
     * Adds to the counter unconditionally: a settlement ({@code committed = actual - reserved},
     * {@code reserved = -reserved}) or a release ({@code committed = reserved = -reservation}).
     *
     * @return the counter after the write
     */
    CounterState adjust(BudgetCounter counter, Spend committed, Spend reserved, long expiresAt);

    /** The counter as it stands (zero when it does not exist). For messages and reports, never to decide a write. */
    CounterState read(BudgetCounter counter);

    /**
     * Claims a once-per-period event ({@link BudgetKeys#WARNING}, {@link BudgetKeys#EXCEEDED})
     * for a counter: true for the first claimer only, across every instance.
     */
    boolean claim(String kind, BudgetCounter counter, long expiresAt);

    /** Removes a claim; removing an absent claim changes nothing. */
    void clearClaim(String kind, BudgetCounter counter);

    /**
     * Removes every claim (warning and exceeded, of every budget) of one tenant's period: the
     * quota-reset function's clean-up when the period closes. Idempotent.
     *
     * @return how many claims were removed
     */
    int clearClaims(String tenantId, BudgetPeriod period, String periodKey);

    /** Whether calls do blocking I/O (and so must run off the event loop). */
    default boolean blocking() {
        return true;
    }
}
