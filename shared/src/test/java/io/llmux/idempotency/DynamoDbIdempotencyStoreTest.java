package io.llmux.idempotency;

import io.llmux.testing.dynamodb.LocalDynamoDb;

class DynamoDbIdempotencyStoreTest extends IdempotencyStoreContract {

    @Override
    protected IdempotencyStore newStore() {
        return new DynamoDbIdempotencyStore(LocalDynamoDb.client(), LocalDynamoDb.newTable("idempotency"), clock);
    }
}
