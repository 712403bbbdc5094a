package io.llmux.budget;

import java.time.Instant;
import java.time.ZoneId;

/**
 * How budget items are keyed in LLMux's one DynamoDB table (docs/storage.md, "Budgets"). Shared by
 * the budget ledger, which writes them, and the quota-reset function, which clears warning claims
 * at each period boundary; the in-memory ledger uses the same strings as its map keys.
 *
 * <pre>
 * counter  PK BUDGET#&lt;tenantId&gt;#TENANT            SK &lt;period&gt;#&lt;periodKey&gt;   e.g. monthly#2026-11
 *          PK BUDGET#&lt;tenantId&gt;#KEY#&lt;keyId&gt;
 *          PK BUDGET#&lt;tenantId&gt;#TENANT#S&lt;i&gt;      (shard i of a sharded tenant budget, i from 1)
 * claim    PK BUDGETCLAIM#&lt;tenantId&gt;              SK &lt;KIND&gt;#&lt;period&gt;#&lt;periodKey&gt;#&lt;scope&gt;
 *                                                    e.g. WARNING#monthly#2026-11#KEY#key_abc
 * </pre>
 *
 * Each counter has its own partition: a tenant's counter takes two writes per request (reserve,
 * settle), and sharing a partition with its keys' counters would only lower the ceiling. A
 * tenant's claims share one partition: they are written at most twice per budget and period, and
 * one Query per kind ({@code PK = BUDGETCLAIM#t AND begins_with(SK, 'WARNING#monthly#2026-11#')})
 * finds a closed period's, which is why the period comes before the scope. A
 * sharded budget has one claim per kind and period, like an unsharded one (the shard is not part
 * of a claim's key).
 */
public final class BudgetKeys {

    public static final String COUNTER_PREFIX = "BUDGET#";
    public static final String CLAIM_PREFIX = "BUDGETCLAIM#";
    /** Sort-key prefix of the claim that the warning event of a budget and period was published. */
    public static final String WARNING = "WARNING";
    /** Sort-key prefix of the claim that the exceeded event of a budget and period was published. */
    public static final String EXCEEDED = "EXCEEDED";

    /** Counter attributes (numbers). {@code committed_*} = settled + open reservations; {@code reserved_*} = open reservations. */
    public static final String COMMITTED_TOKENS = "committed_tokens";
    public static final String COMMITTED_MICROS = "committed_micros";
    public static final String RESERVED_TOKENS = "reserved_tokens";
    public static final String RESERVED_MICROS = "reserved_micros";

    /** How many whole periods a counter or claim outlives its own period before DynamoDB's TTL deletes it. */
    public static final int RETAINED_PERIODS = 2;

    private BudgetKeys() {
    }

    public static String counterPk(BudgetCounter counter) {
        String pk = COUNTER_PREFIX + counter.tenantId() + "#" + scopeSegment(counter);
        return counter.shard() == 0 ? pk : pk + "#S" + counter.shard();
    }

    public static String counterSk(BudgetCounter counter) {
        return counter.period().wireName() + "#" + counter.periodKey();
    }

    public static String claimPk(String tenantId) {
        return CLAIM_PREFIX + tenantId;
    }

    /** @param kind {@link #WARNING} or {@link #EXCEEDED} */
    public static String claimSk(String kind, BudgetCounter counter) {
        return claimPeriodPrefix(kind, counter.period(), counter.periodKey()) + scopeSegment(counter);
    }

    /** The sort-key prefix of every claim of one kind in one period: what a closing period clears. */
    public static String claimPeriodPrefix(String kind, BudgetPeriod period, String periodKey) {
        return kind + "#" + period.wireName() + "#" + periodKey + "#";
    }

    /** The kinds of claim, each cleared when its period closes. */
    public static final java.util.List<String> CLAIM_KINDS = java.util.List.of(WARNING, EXCEEDED);

    /** TENANT, or KEY#&lt;keyId&gt;. */
    public static String scopeSegment(BudgetCounter counter) {
        return counter.scope() == BudgetScope.TENANT ? "TENANT" : "KEY#" + counter.keyId();
    }

    /**
     * The TTL (epoch seconds) of the items of the period holding {@code at}: the end of the
     * {@value #RETAINED_PERIODS}th period after it, so last period's counters stay readable for
     * reports and late settlements, and nothing piles up.
     */
    public static long expiresAt(BudgetPeriod period, Instant at, ZoneId zone) {
        Instant end = period.end(at, zone);
        for (int i = 0; i < RETAINED_PERIODS; i++) {
            end = period.end(end, zone);
        }
        return end.getEpochSecond();
    }
}
