package io.llmux.usage;

import io.llmux.budget.BudgetPeriod;

/**
 * The budget-warning claims the quota-reset function clears when a period closes. A claim is the
 * item the budget ledger writes conditionally so that a threshold's warning fires once per budget
 * and period (docs/storage.md, "Usage", for the key layout this port and the budget ledger share).
 */
public interface BudgetClaims {

    /** Deletes every warning claim of one tenant's period; returns how many were deleted. Idempotent. */
    int clearClaims(String tenantId, BudgetPeriod period, String periodKey);
}
