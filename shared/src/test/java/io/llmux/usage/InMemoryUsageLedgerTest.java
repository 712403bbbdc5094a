package io.llmux.usage;

import io.llmux.usage.memory.InMemoryUsageLedger;

class InMemoryUsageLedgerTest extends UsageLedgerContract {

    @Override
    protected UsageLedger newLedger() {
        return new InMemoryUsageLedger();
    }
}
