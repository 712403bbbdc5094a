package io.llmux.tenancy.contract;

import io.llmux.tenancy.KeyStore;
import io.llmux.tenancy.memory.InMemoryKeyStore;

class InMemoryKeyStoreTest extends KeyStoreContract {

    @Override
    protected KeyStore newStore() {
        return new InMemoryKeyStore();
    }
}
