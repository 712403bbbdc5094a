package io.llmux.budget;

import java.util.Objects;

/**
 * Which counter a budget writes: whose (a key, or a tenant's keys together), which period kind,
 * and which period ({@link BudgetPeriod#key}: 2026-11, 2026-W48, 2026-11-27). A new period is a
 * new counter, so periods start at zero with no reset step and no race.
 *
 * @param keyId the key's admin id ({@code key_...}) for a key budget, null for a tenant budget
 */
public record BudgetCounter(String tenantId, BudgetScope scope, String keyId, BudgetPeriod period, String periodKey) {

    public BudgetCounter {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(periodKey, "periodKey");
        if ((scope == BudgetScope.KEY) != (keyId != null)) {
            throw new IllegalArgumentException("a key budget names its key, a tenant budget none");
        }
    }

    public static BudgetCounter ofTenant(String tenantId, BudgetPeriod period, String periodKey) {
        return new BudgetCounter(tenantId, BudgetScope.TENANT, null, period, periodKey);
    }

    public static BudgetCounter ofKey(String tenantId, String keyId, BudgetPeriod period, String periodKey) {
        return new BudgetCounter(tenantId, BudgetScope.KEY, keyId, period, periodKey);
    }
}
