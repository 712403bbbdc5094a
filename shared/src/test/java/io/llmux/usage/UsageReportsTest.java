package io.llmux.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.budget.BudgetPeriod;
import io.llmux.error.GatewayException;
import io.llmux.usage.memory.InMemoryUsageLedger;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageReportsTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    private final InMemoryUsageLedger ledger = new InMemoryUsageLedger();
    private final UsageReports reports = new UsageReports(ledger);

    private void use(String key, String provider, String model, long cost, String at) {
        ledger.add(UsageRecords.record("ten_r", key, provider, model, 10, 20, 5, cost), ZONE, Instant.parse(at));
    }

    @Test
    void groupsByModelProviderAndKeyAddUpToTheTotals() {
        use("key_a", "openai", "gpt-4o", 500, "2026-11-02T01:00:00Z");
        use("key_b", "openai", "gpt-4o", 500, "2026-11-02T02:00:00Z");
        use("key_a", "openai", "gpt-4o-mini", 30, "2026-11-03T01:00:00Z");
        use("key_a", "groq", "gpt-4o", 7, "2026-11-03T01:00:00Z");
        Instant at = Instant.parse("2026-11-15T00:00:00Z");

        UsageReport byModel = reports.report("ten_r", ZONE, BudgetPeriod.MONTHLY, at, UsageGrouping.MODEL, 100);
        assertEquals("2026-11", byModel.periodKey());
        assertEquals(Instant.parse("2026-10-31T15:00:00Z"), byModel.start(), "Tokyo's November starts at 15:00 UTC the day before");
        assertEquals(new UsageCounts(4, 40, 80, 20, 0, 1037), byModel.totals());
        assertEquals(List.of("openai/gpt-4o", "openai/gpt-4o-mini", "groq/gpt-4o"), labels(byModel), "largest cost first; same model name, two providers");
        assertEquals(Map.of("provider", "openai", "model", "gpt-4o"), byModel.groups().getFirst().dimensions());
        assertEquals(2, byModel.groups().getFirst().counts().requests());
        assertFalse(byModel.truncated());
        assertNull(byModel.summary());

        UsageReport byProvider = reports.report("ten_r", ZONE, BudgetPeriod.MONTHLY, at, UsageGrouping.PROVIDER, 100);
        assertEquals(List.of("openai", "groq"), labels(byProvider));
        assertEquals(1030, byProvider.groups().getFirst().counts().costMicros());

        UsageReport byKey = reports.report("ten_r", ZONE, BudgetPeriod.MONTHLY, at, UsageGrouping.KEY, 100);
        assertEquals(List.of("key_a", "key_b"), labels(byKey));
        assertEquals(537, byKey.groups().getFirst().counts().costMicros());
        assertEquals(byKey.totals(), byKey.groups().get(0).counts().plus(byKey.groups().get(1).counts()));
    }

    @Test
    void groupsBeyondTheLimitAreSummedAsOther() {
        for (int i = 0; i < 5; i++) {
            use("key_" + i, "openai", "gpt-4o", 100 * (i + 1), "2026-11-02T01:00:00Z");
        }
        UsageReport report = reports.report("ten_r", ZONE, BudgetPeriod.DAILY, Instant.parse("2026-11-02T01:00:00Z"), UsageGrouping.KEY, 2);
        assertEquals(List.of("key_4", "key_3"), labels(report));
        assertTrue(report.truncated());
        assertEquals(600, report.other().costMicros());
        assertEquals(3, report.other().requests());
        assertEquals(1500, report.totals().costMicros());
    }

    @Test
    void aDayByDayReportListsEveryLocalDayOfThePeriod() {
        use("key_a", "openai", "gpt-4o", 9, "2026-10-31T14:59:00Z"); // 31 October, 23:59 in Tokyo
        use("key_a", "openai", "gpt-4o", 100, "2026-11-01T14:59:00Z"); // 1 November, 23:59 in Tokyo
        use("key_a", "openai", "gpt-4o", 200, "2026-11-01T15:00:00Z"); // 2 November, 00:00 in Tokyo
        use("key_a", "openai", "gpt-4o", 300, "2026-11-30T14:00:00Z"); // 30 November, 23:00
        UsageReport month = reports.report("ten_r", ZONE, BudgetPeriod.MONTHLY, Instant.parse("2026-11-10T00:00:00Z"), UsageGrouping.DAY, 100);
        assertEquals(30, month.groups().size());
        assertEquals("2026-11-01", month.groups().getFirst().label());
        assertEquals(100, month.groups().getFirst().counts().costMicros(), "1 November ends at 15:00 UTC");
        assertEquals(Map.of("date", "2026-11-02"), month.groups().get(1).dimensions());
        assertEquals(200, month.groups().get(1).counts().costMicros());
        assertEquals(300, month.groups().getLast().counts().costMicros());
        assertEquals(600, month.totals().costMicros(), "31 October, local time, is not in November");

        // A week across the month's end reads both months' series: 30 November (Mon) to 6 December.
        use("key_a", "openai", "gpt-4o", 50, "2026-12-02T03:00:00Z");
        UsageReport week = reports.report("ten_r", ZONE, BudgetPeriod.WEEKLY, Instant.parse("2026-12-01T00:00:00Z"), UsageGrouping.DAY, 100);
        assertEquals("2026-W49", week.periodKey());
        assertEquals(7, week.groups().size());
        assertEquals("2026-11-30", week.groups().getFirst().label());
        assertEquals(300, week.groups().getFirst().counts().costMicros());
        assertEquals(50, week.groups().get(2).counts().costMicros());
        assertEquals(350, week.totals().costMicros());
    }

    @Test
    void aClosedPeriodCarriesItsSummary() {
        use("key_a", "openai", "gpt-4o", 100, "2026-11-02T01:00:00Z");
        UsageSummary summary = new UsageSummary(new UsageCounts(1, 10, 20, 5, 0, 100), 1, Instant.parse("2026-11-03T00:00:00Z"));
        ledger.close("ten_r", BudgetPeriod.DAILY, "2026-11-02", summary);
        UsageReport report = reports.report("ten_r", ZONE, BudgetPeriod.DAILY, Instant.parse("2026-11-02T01:00:00Z"), UsageGrouping.MODEL, 10);
        assertEquals(summary, report.summary());
        assertEquals(report.totals(), report.summary().totals());
    }

    @Test
    void moneyIsAnExactDecimalString() {
        assertEquals("1.234567", UsageCounts.usd(1_234_567));
        assertEquals("0.000001", UsageCounts.usd(1));
        assertEquals("0.000000", UsageCounts.usd(0));
        assertEquals("92233.720368", UsageCounts.usd(92_233_720_368L));
    }

    @Test
    void anUnknownGroupingIsA400NamingTheParameter() {
        GatewayException e = org.junit.jupiter.api.Assertions.assertThrows(GatewayException.class, () -> UsageGrouping.parse("team", "groupBy"));
        assertEquals("groupBy", e.param());
        assertEquals(UsageGrouping.KEY, UsageGrouping.parse("Key", "groupBy"));
    }

    private static List<String> labels(UsageReport report) {
        return report.groups().stream().map(UsageReport.Group::label).toList();
    }
}
