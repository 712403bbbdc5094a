package io.llmux.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.budget.BudgetPeriod;
import io.llmux.pipeline.UsageRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every UsageLedger must do; each adapter runs it. */
abstract class UsageLedgerContract {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final Instant AT = Instant.parse("2026-11-18T10:15:00Z");

    UsageLedger ledger;

    protected abstract UsageLedger newLedger();

    @BeforeEach
    void setUp() {
        ledger = newLedger();
    }

    @Test
    void concurrentIncrementsSumExactlyInEveryPeriodAndTheSeries() throws Exception {
        List<UsageRecord> records = new ArrayList<>();
        String[] keys = {"key_a", "key_b", "key_c"};
        String[][] models = {{"openai", "gpt-4o"}, {"openai", "gpt-4o-mini"}, {"groq", "llama-3.3-70b"}};
        for (int i = 0; i < 120; i++) {
            String[] model = models[i % models.length];
            records.add(i % 10 == 0
                    ? UsageRecords.cacheHit("ten_sum", keys[i % keys.length], model[0], model[1], 10 + i, 3)
                    : UsageRecords.record("ten_sum", keys[i % keys.length], model[0], model[1], 100 + i, 7 * i, i % 5, 1_000L * i + 1));
        }
        try (ExecutorService threads = Executors.newFixedThreadPool(16)) {
            List<Future<?>> writes = new ArrayList<>();
            for (UsageRecord record : records) {
                writes.add(threads.submit(() -> ledger.add(record, PARIS, AT)));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        }
        UsageCounts expected = UsageCounts.ZERO;
        Map<String, UsageCounts> expectedLines = new HashMap<>();
        for (UsageRecord record : records) {
            expected = expected.plus(UsageCounts.of(record));
            expectedLines.merge(record.keyId() + "|" + record.provider() + "|" + record.model(), UsageCounts.of(record), UsageCounts::plus);
        }
        assertEquals(120, expected.requests());
        assertEquals(12, expected.cacheHits());
        for (BudgetPeriod period : BudgetPeriod.values()) {
            PeriodUsage usage = ledger.read("ten_sum", period, period.key(AT, PARIS));
            assertEquals(expected, usage.totals(), period.wireName());
            Map<String, UsageCounts> lines = new HashMap<>();
            usage.lines().forEach(line -> lines.put(line.keyId() + "|" + line.provider() + "|" + line.model(), line.counts()));
            assertEquals(expectedLines, lines, period.wireName() + " lines");
            assertFalse(usage.closed());
        }
        SortedMap<LocalDate, UsageCounts> days = ledger.days("ten_sum", YearMonth.of(2026, 11));
        assertEquals(Map.of(LocalDate.of(2026, 11, 18), expected), days);
    }

    @Test
    void periodsAreTheTenantsLocalOnes() {
        // 23:30 UTC on 30 November is already 1 December in Paris: another day, week and month.
        Instant lateEvening = Instant.parse("2026-11-30T23:30:00Z");
        ledger.add(UsageRecords.record("ten_paris", "key_a", "openai", "gpt-4o", 10, 5, 0, 70), PARIS, lateEvening);
        ledger.add(UsageRecords.record("ten_utc", "key_a", "openai", "gpt-4o", 10, 5, 0, 70), ZoneOffset.UTC, lateEvening);

        assertEquals(1, ledger.read("ten_paris", BudgetPeriod.DAILY, "2026-12-01").totals().requests());
        assertEquals(1, ledger.read("ten_paris", BudgetPeriod.MONTHLY, "2026-12").totals().requests());
        assertEquals(1, ledger.read("ten_paris", BudgetPeriod.WEEKLY, "2026-W49").totals().requests());
        assertTrue(ledger.read("ten_paris", BudgetPeriod.DAILY, "2026-11-30").lines().isEmpty());
        assertEquals(Map.of(LocalDate.of(2026, 12, 1), 1L), requestsByDay(ledger.days("ten_paris", YearMonth.of(2026, 12))));

        assertEquals(1, ledger.read("ten_utc", BudgetPeriod.DAILY, "2026-11-30").totals().requests());
        assertEquals(1, ledger.read("ten_utc", BudgetPeriod.MONTHLY, "2026-11").totals().requests());
        assertTrue(ledger.read("ten_utc", BudgetPeriod.MONTHLY, "2026-12").lines().isEmpty());
    }

    @Test
    void tenantsNeverSeeEachOthersUsage() {
        ledger.add(UsageRecords.record("ten_one", "key_a", "openai", "gpt-4o", 10, 5, 0, 70), PARIS, AT);
        assertTrue(ledger.read("ten_two", BudgetPeriod.MONTHLY, "2026-11").lines().isEmpty());
        assertTrue(ledger.days("ten_two", YearMonth.of(2026, 11)).isEmpty());
    }

    @Test
    void aPeriodIsClosedOnceAndItsSummaryStays() {
        ledger.add(UsageRecords.record("ten_close", "key_a", "openai", "gpt-4o", 10, 5, 0, 70), PARIS, AT);
        UsageSummary first = new UsageSummary(new UsageCounts(1, 10, 5, 0, 0, 70), 1, Instant.parse("2026-12-01T00:05:00Z"));
        UsageSummary second = new UsageSummary(new UsageCounts(9, 9, 9, 9, 9, 9), 9, Instant.parse("2026-12-01T01:05:00Z"));
        assertNull(ledger.read("ten_close", BudgetPeriod.MONTHLY, "2026-11").summary());
        assertTrue(ledger.close("ten_close", BudgetPeriod.MONTHLY, "2026-11", first));
        assertFalse(ledger.close("ten_close", BudgetPeriod.MONTHLY, "2026-11", second));
        PeriodUsage usage = ledger.read("ten_close", BudgetPeriod.MONTHLY, "2026-11");
        assertEquals(first, usage.summary());
        assertEquals(1, usage.lines().size(), "the summary is not a line");
        assertEquals(usage.totals(), usage.summary().totals());
        assertNull(ledger.read("ten_close", BudgetPeriod.DAILY, "2026-11-18").summary(), "closing one period closes no other");
    }

    private static Map<LocalDate, Long> requestsByDay(SortedMap<LocalDate, UsageCounts> days) {
        Map<LocalDate, Long> requests = new HashMap<>();
        days.forEach((day, counts) -> requests.put(day, counts.requests()));
        return requests;
    }
}
