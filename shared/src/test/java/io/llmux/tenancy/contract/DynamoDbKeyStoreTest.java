package io.llmux.tenancy.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.tenancy.ApiKey;
import io.llmux.tenancy.KeyStore;
import io.llmux.tenancy.dynamodb.Attributes;
import io.llmux.tenancy.dynamodb.DynamoDbKeyStore;
import io.llmux.tenancy.dynamodb.SingleTable;
import io.llmux.testing.dynamodb.LocalDynamoDb;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The contract, plus what the two-item layout owes when a creation stops half-way. */
class DynamoDbKeyStoreTest extends KeyStoreContract {

    private String table;

    @Override
    protected KeyStore newStore() {
        table = LocalDynamoDb.newTable("keys");
        return new DynamoDbKeyStore(LocalDynamoDb.client(), table, clock);
    }

    @Test
    void theHashClaimIsTheItemThatAuthenticationReads() {
        store().create(key("ten_a", "key_1", hash(1)));

        Map<String, AttributeValue> claim = item("KEYHASH#" + hash(1), "KEY");
        Map<String, AttributeValue> reference = item("TENANT#ten_a", "KEY#key_1");

        assertEquals("key_1", Attributes.string(claim, "key_id"));
        assertEquals(hash(1), Attributes.string(reference, "hash"));
        assertFalse(reference.containsKey("status"), "the reference carries no state that could disagree with the claim");
    }

    @Test
    void anUncommittedClaimCountsAsNoKeyAnywhere() {
        store().create(key("ten_a", "key_1", hash(1)));
        uncommit(hash(1));

        assertTrue(store().findByHash(hash(1)).isEmpty());
        assertTrue(store().get("ten_a", "key_1").isEmpty());
        assertEquals(List.of(), store().list("ten_a", 10, null).items());
        assertFalse(store().update(key("ten_a", "key_1", hash(1))));
    }

    @Test
    void anOrphanClaimHoldsItsHashUntilItIsStaleThenIsTakenOver() {
        store().create(key("ten_a", "key_1", hash(1)));
        uncommit(hash(1));

        assertFalse(store().create(key("ten_b", "key_2", hash(1))), "a claim may be a creation still in flight");

        clock.advance(Duration.ofMinutes(6));
        ApiKey replacement = key("ten_b", "key_2", hash(1));
        assertTrue(store().create(replacement));

        assertEquals(replacement, store().findByHash(hash(1)).orElseThrow());
        assertTrue(store().get("ten_a", "key_1").isEmpty(), "the old reference now points at another key's claim");
    }

    private Map<String, AttributeValue> item(String pk, String sk) {
        return LocalDynamoDb.client().getItem(get -> get.tableName(table).consistentRead(true).key(SingleTable.key(pk, sk))).item();
    }

    /** What a crash between the claim and its commit leaves behind. */
    private void uncommit(String hash) {
        LocalDynamoDb.client().updateItem(update -> update.tableName(table).key(SingleTable.key("KEYHASH#" + hash, "KEY"))
                .updateExpression("SET committed = :false")
                .expressionAttributeValues(Map.of(":false", Attributes.bool(false))));
    }
}
