package io.llmux.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.budget.BudgetPeriod;
import io.llmux.tenancy.dynamodb.SingleTable;
import io.llmux.testing.dynamodb.LocalDynamoDb;
import io.llmux.usage.dynamodb.DynamoDbUsageLedger;
import io.llmux.usage.dynamodb.UsageItems;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbUsageLedgerTest extends UsageLedgerContract {

    private String table;

    @Override
    protected UsageLedger newLedger() {
        table = LocalDynamoDb.newTable("usage");
        return new DynamoDbUsageLedger(LocalDynamoDb.client(), table, Duration.ofDays(400));
    }

    @Test
    void itemsExpireARetentionAfterTheirPeriodEndsAndTheirTtlIsSetOnce() {
        ledger.add(UsageRecords.record("ten_ttl", "key_a", "openai", "gpt-4o", 10, 5, 0, 70), PARIS, AT);
        ledger.add(UsageRecords.record("ten_ttl", "key_a", "openai", "gpt-4o", 10, 5, 0, 70), PARIS, AT.plusSeconds(60));
        Map<String, AttributeValue> daily = item(UsageItems.periodPk("ten_ttl", BudgetPeriod.DAILY, "2026-11-18"), "LINE#key_a#openai#gpt-4o");
        // 19 November 00:00 in Paris (UTC+1) plus 400 days.
        long expected = Instant.parse("2026-11-18T23:00:00Z").plus(Duration.ofDays(400)).getEpochSecond();
        assertEquals(Long.toString(expected), daily.get(SingleTable.TTL).n());
        assertEquals("2", daily.get("requests").n());
        assertEquals("usage_line", daily.get("entity").s());
        assertEquals("gpt-4o", daily.get("model").s());
        Map<String, AttributeValue> day = item(UsageItems.seriesPk("ten_ttl", java.time.YearMonth.of(2026, 11)), "DAY#2026-11-18");
        assertEquals(Long.toString(Instant.parse("2026-11-30T23:00:00Z").plus(Duration.ofDays(400)).getEpochSecond()),
                day.get(SingleTable.TTL).n());
    }

    @Test
    void aModelNameWithTheSeparatorStaysItsOwnLine() {
        ledger.add(UsageRecords.record("ten_sep", "key_a", "vllm", "org#model", 1, 1, 0, 1), PARIS, AT);
        ledger.add(UsageRecords.record("ten_sep", "key_a", "vllm", "org", 2, 2, 0, 2), PARIS, AT);
        var lines = ledger.read("ten_sep", BudgetPeriod.DAILY, "2026-11-18").lines();
        assertEquals(2, lines.size());
        assertTrue(lines.stream().anyMatch(l -> l.model().equals("org#model") && l.counts().inputTokens() == 1));
    }

    private Map<String, AttributeValue> item(String pk, String sk) {
        return LocalDynamoDb.client().getItem(get -> get.tableName(table).key(SingleTable.key(pk, sk))).item();
    }
}
