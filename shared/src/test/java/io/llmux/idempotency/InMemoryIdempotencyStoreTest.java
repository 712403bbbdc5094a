package io.llmux.idempotency;

class InMemoryIdempotencyStoreTest extends IdempotencyStoreContract {

    @Override
    protected IdempotencyStore newStore() {
        return new InMemoryIdempotencyStore(clock);
    }
}
