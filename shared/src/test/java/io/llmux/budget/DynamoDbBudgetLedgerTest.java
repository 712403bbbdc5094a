package io.llmux.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.llmux.budget.dynamodb.DynamoDbBudgetLedger;
import io.llmux.tenancy.dynamodb.Attributes;
import io.llmux.tenancy.dynamodb.SingleTable;
import io.llmux.testing.dynamodb.LocalDynamoDb;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The contract against dynalite, plus the item layout that docs/storage.md and the quota-reset function rely on. */
class DynamoDbBudgetLedgerTest extends BudgetLedgerContract {

    private String table;

    @Override
    protected BudgetLedger newLedger() {
        table = LocalDynamoDb.newTable("budgets");
        return new DynamoDbBudgetLedger(LocalDynamoDb.client(), table, clock);
    }

    @Test
    void itemsAreKeyedAsDocumentedAndCarryTheirTtl() {
        BudgetLedger ledger = newLedger();
        BudgetCounter counter = BudgetCounter.ofKey("ten_a", "key_b", BudgetPeriod.DAILY, "2026-11-27");
        ledger.reserve(counter, new Spend(5, 7), BudgetCaps.NONE, 1_900_000_000L);
        ledger.claim(BudgetKeys.WARNING, counter, 1_900_000_000L);

        Map<String, AttributeValue> item = LocalDynamoDb.client().getItem(get -> get.tableName(table)
                .key(SingleTable.key("BUDGET#ten_a#KEY#key_b", "daily#2026-11-27"))).item();
        assertEquals(5, Attributes.number(item, "committed_tokens", -1));
        assertEquals(7, Attributes.number(item, "reserved_micros", -1));
        assertEquals(1_900_000_000L, Attributes.number(item, "ttl", -1));
        assertEquals("budget_counter", Attributes.string(item, "entity"));

        Map<String, AttributeValue> claim = LocalDynamoDb.client().getItem(get -> get.tableName(table)
                .key(SingleTable.key("BUDGETCLAIM#ten_a", "WARNING#daily#2026-11-27#KEY#key_b"))).item();
        assertEquals("budget_claim", Attributes.string(claim, "entity"));
        assertEquals(1_900_000_000L, Attributes.number(claim, "ttl", -1));
    }
}
