package io.llmux.tenancy.contract;

import io.llmux.tenancy.TenantStore;
import io.llmux.tenancy.dynamodb.DynamoDbTenantStore;
import io.llmux.testing.dynamodb.LocalDynamoDb;

class DynamoDbTenantStoreTest extends TenantStoreContract {

    @Override
    protected TenantStore newStore() {
        return new DynamoDbTenantStore(LocalDynamoDb.client(), LocalDynamoDb.newTable("tenants"), java.time.Clock.systemUTC());
    }
}
