package io.llmux.budget;

import java.util.Objects;

/**
 * Which counter a budget writes: whose (a key, or a tenant's keys together), which period kind,
 * and which period ({@link BudgetPeriod#key}: 2026-11, 2026-W48, 2026-11-27). A new period is a
 * new counter, so periods start at zero with no reset step and no race.
 *
 * @param keyId the key's admin id ({@code key_...}) for a key budget, null for a tenant budget
 * @param shard 0 for the budget's one counter; 1..N for one of the N shards of a sharded budget
 *              (docs/budgets.md, "Limits and scale")
 */
public record BudgetCounter(String tenantId, BudgetScope scope, String keyId, BudgetPeriod period, String periodKey, int shard) {

    public BudgetCounter {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(periodKey, "periodKey");
        if ((scope == BudgetScope.KEY) != (keyId != null)) {
            throw new IllegalArgumentException("a key budget names its key, a tenant budget none");
        }
        if (shard < 0) {
            throw new IllegalArgumentException("shard must be 0 (unsharded) or a shard number from 1");
        }
    }

    /** The budget's one, unsharded counter. */
    public BudgetCounter(String tenantId, BudgetScope scope, String keyId, BudgetPeriod period, String periodKey) {
        this(tenantId, scope, keyId, period, periodKey, 0);
    }

    /** Shard {@code number} (from 1) of this budget's counter. */
    public BudgetCounter shard(int number) {
        return new BudgetCounter(tenantId, scope, keyId, period, periodKey, number);
    }

    public static BudgetCounter ofTenant(String tenantId, BudgetPeriod period, String periodKey) {
        return new BudgetCounter(tenantId, BudgetScope.TENANT, null, period, periodKey);
    }

    public static BudgetCounter ofKey(String tenantId, String keyId, BudgetPeriod period, String periodKey) {
        return new BudgetCounter(tenantId, BudgetScope.KEY, keyId, period, periodKey);
    }
}
