package io.llmux.tenancy.contract;

import io.llmux.tenancy.TenantStore;
import io.llmux.tenancy.memory.InMemoryTenantStore;

class InMemoryTenantStoreTest extends TenantStoreContract {

    @Override
    protected TenantStore newStore() {
        return new InMemoryTenantStore();
    }
}
