package io.llmux.budget;

import io.llmux.budget.memory.InMemoryBudgetLedger;

class InMemoryBudgetLedgerTest extends BudgetLedgerContract {

    @Override
    protected BudgetLedger newLedger() {
        return new InMemoryBudgetLedger(clock);
    }
}
