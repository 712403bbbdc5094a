package io.llmux.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.budget.BudgetPeriod;
import io.llmux.events.GatewayEvent;
import io.llmux.tenancy.dynamodb.Attributes;
import io.llmux.tenancy.dynamodb.SingleTable;
import io.llmux.testing.dynamodb.LocalDynamoDb;
import io.llmux.budget.BudgetCounter;
import io.llmux.budget.BudgetKeys;
import io.llmux.budget.dynamodb.DynamoDbBudgetLedger;
import io.llmux.usage.dynamodb.DynamoDbUsageLedger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The quota-reset function's work for one tenant, against dynalite. */
class PeriodCloserTest {

    private static final Duration GRACE = Duration.ofMinutes(5);
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private final List<GatewayEvent> events = new CopyOnWriteArrayList<>();
    private String table;
    private DynamoDbUsageLedger ledger;
    private PeriodCloser closer;

    @BeforeEach
    void setUp() {
        table = LocalDynamoDb.newTable("closer");
        ledger = new DynamoDbUsageLedger(LocalDynamoDb.client(), table, Duration.ofDays(400));
        closer = new PeriodCloser(ledger, new DynamoDbBudgetLedger(LocalDynamoDb.client(), table, java.time.Clock.systemUTC()), events::add, GRACE);
    }

    @Test
    void runningTwiceYieldsOneResetAndASummaryEqualToTheCounters() {
        Instant during = Instant.parse("2026-11-18T10:00:00Z");
        for (int i = 0; i < 7; i++) {
            ledger.add(UsageRecords.record("ten_a", "key_" + (i % 2), "openai", "gpt-4o", 100 + i, 20 + i, i, 1_250 + i), ZoneOffset.UTC, during);
        }
        UsageCounts counters = ledger.read("ten_a", BudgetPeriod.DAILY, "2026-11-18").totals();
        Instant afterMidnight = Instant.parse("2026-11-19T00:05:00Z");

        List<PeriodCloser.Outcome> first = closer.closeEnded("ten_a", ZoneOffset.UTC, afterMidnight);
        List<PeriodCloser.Outcome> second = closer.closeEnded("ten_a", ZoneOffset.UTC, afterMidnight.plus(Duration.ofHours(1)));

        PeriodCloser.Outcome daily = first.getFirst();
        assertEquals(BudgetPeriod.DAILY, daily.period());
        assertEquals("2026-11-18", daily.periodKey());
        assertTrue(daily.closed());
        assertTrue(second.stream().noneMatch(PeriodCloser.Outcome::closed), second::toString);
        List<GatewayEvent> dailyResets = resets("daily");
        assertEquals(1, dailyResets.size(), events::toString);
        GatewayEvent reset = dailyResets.getFirst();
        assertEquals("ten_a", reset.tenantId());
        assertEquals("2026-11-18", reset.data().get("period_key"));
        assertEquals("2026-11-19", reset.data().get("next_period_key"));
        assertEquals("2026-11-19T00:00:00Z", reset.data().get("ended_at"));
        assertEquals(counters.costMicros(), reset.data().get("cost_micros"));
        assertEquals(counters.costUsd(), reset.data().get("cost_usd"));

        PeriodUsage closed = ledger.read("ten_a", BudgetPeriod.DAILY, "2026-11-18");
        assertEquals(counters, closed.summary().totals());
        assertEquals(7, closed.summary().totals().requests());
        assertEquals(2, closed.summary().lines());
        assertEquals(afterMidnight, closed.summary().closedAt());
    }

    @Test
    void concurrentRunsAnnounceAPeriodOnce() throws Exception {
        ledger.add(UsageRecords.record("ten_race", "key_a", "openai", "gpt-4o", 1, 1, 0, 1), ZoneOffset.UTC,
                Instant.parse("2026-11-18T10:00:00Z"));
        Instant now = Instant.parse("2026-11-19T01:00:00Z");
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService runs = Executors.newFixedThreadPool(8)) {
            List<Future<List<PeriodCloser.Outcome>>> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                all.add(runs.submit(() -> {
                    go.await();
                    return closer.closeEnded("ten_race", ZoneOffset.UTC, now);
                }));
            }
            go.countDown();
            long closedDaily = 0;
            for (Future<List<PeriodCloser.Outcome>> run : all) {
                closedDaily += run.get().stream().filter(o -> o.period() == BudgetPeriod.DAILY && o.closed()).count();
            }
            assertEquals(1, closedDaily);
        }
        assertEquals(1, resets("daily").size(), events::toString);
    }

    @Test
    void aNonUtcTenantsDayClosesAtItsOwnMidnight() {
        // New York is UTC-5 in November: its 18th ends at 05:00 UTC on the 19th.
        ledger.add(UsageRecords.record("ten_ny", "key_a", "openai", "gpt-4o", 5, 5, 0, 50), NEW_YORK, Instant.parse("2026-11-19T04:30:00Z"));
        Instant utcMidnightPlus = Instant.parse("2026-11-19T00:10:00Z");
        PeriodCloser.Outcome atUtcMidnight = closer.closeEnded("ten_ny", NEW_YORK, utcMidnightPlus).getFirst();
        assertEquals("2026-11-17", atUtcMidnight.periodKey(), "at 00:10 UTC it is still the 18th in New York");

        PeriodCloser.Outcome justBefore = closer.closeEnded("ten_ny", NEW_YORK, Instant.parse("2026-11-19T05:04:59Z")).getFirst();
        assertEquals("2026-11-17", justBefore.periodKey(), "within the grace after local midnight, the 18th is not closed yet");
        PeriodCloser.Outcome after = closer.closeEnded("ten_ny", NEW_YORK, Instant.parse("2026-11-19T05:05:00Z")).getFirst();
        assertEquals("2026-11-18", after.periodKey());
        assertTrue(after.closed());
        assertEquals(1, after.totals().requests(), "the request at 23:30 local time belongs to the 18th");
        GatewayEvent reset = resets("daily").stream().filter(e -> "2026-11-18".equals(e.data().get("period_key"))).findFirst().orElseThrow();
        assertEquals("2026-11-19T05:00:00Z", reset.data().get("ended_at"));
        assertEquals("America/New_York", reset.data().get("time_zone"));
    }

    @Test
    void aDaylightSavingDayIsTwentyThreeHoursLongAndClosesAtLocalMidnight() {
        // Paris moves to summer time on 29 March 2026: the day runs from 23:00 UTC on the 28th to 22:00 UTC on the 29th.
        ledger.add(UsageRecords.record("ten_dst", "key_a", "openai", "gpt-4o", 3, 3, 0, 30), PARIS, Instant.parse("2026-03-28T23:00:00Z"));
        ledger.add(UsageRecords.record("ten_dst", "key_a", "openai", "gpt-4o", 4, 4, 0, 40), PARIS, Instant.parse("2026-03-29T21:59:59Z"));
        ledger.add(UsageRecords.record("ten_dst", "key_a", "openai", "gpt-4o", 100, 100, 0, 999), PARIS, Instant.parse("2026-03-29T22:00:00Z"));

        assertEquals("2026-03-28", closer.closeEnded("ten_dst", PARIS, Instant.parse("2026-03-29T22:04:00Z")).getFirst().periodKey());
        PeriodCloser.Outcome closed = closer.closeEnded("ten_dst", PARIS, Instant.parse("2026-03-29T22:05:00Z")).getFirst();
        assertEquals("2026-03-29", closed.periodKey());
        assertTrue(closed.closed());
        assertEquals(new UsageCounts(2, 7, 7, 0, 0, 70), closed.totals());
        GatewayEvent reset = resets("daily").stream().filter(e -> "2026-03-29".equals(e.data().get("period_key"))).findFirst().orElseThrow();
        assertEquals("2026-03-28T23:00:00Z", reset.data().get("started_at"));
        assertEquals("2026-03-29T22:00:00Z", reset.data().get("ended_at"));
    }

    @Test
    void weeksAndMonthsCloseWithTheirLastDay() {
        ledger.add(UsageRecords.record("ten_m", "key_a", "openai", "gpt-4o", 1, 1, 0, 10), ZoneOffset.UTC, Instant.parse("2026-11-30T12:00:00Z"));
        // 30 November 2026 is a Monday: at 00:05 on 1 December the day and the month have ended; the
        // last ended week is W48 (23 to 29 November), closed empty.
        List<PeriodCloser.Outcome> outcomes = closer.closeEnded("ten_m", ZoneOffset.UTC, Instant.parse("2026-12-01T00:05:00Z"));
        assertEquals(List.of("2026-11-30", "2026-W48", "2026-11"), outcomes.stream().map(PeriodCloser.Outcome::periodKey).toList());
        assertEquals(1, ledger.read("ten_m", BudgetPeriod.MONTHLY, "2026-11").summary().totals().requests());
        assertEquals(1, resets("monthly").size());
        assertEquals(1, resets("weekly").size(), "W48 (23-29 November) ended on Monday at midnight and was closed too, empty");
        assertEquals(0, ledger.read("ten_m", BudgetPeriod.WEEKLY, "2026-W48").summary().totals().requests());
    }

    @Test
    void theClosedPeriodsWarningClaimsAreClearedAndNoOthers() {
        String closing = BudgetKeys.claimSk(BudgetKeys.WARNING, BudgetCounter.ofTenant("ten_claims", BudgetPeriod.DAILY, "2026-11-18"));
        String closingKey = BudgetKeys.claimSk(BudgetKeys.EXCEEDED, BudgetCounter.ofKey("ten_claims", "key_a", BudgetPeriod.DAILY, "2026-11-18"));
        String current = BudgetKeys.claimSk(BudgetKeys.WARNING, BudgetCounter.ofTenant("ten_claims", BudgetPeriod.DAILY, "2026-11-19"));
        String monthly = BudgetKeys.claimSk(BudgetKeys.WARNING, BudgetCounter.ofTenant("ten_claims", BudgetPeriod.MONTHLY, "2026-11"));
        for (String sk : List.of(closing, closingKey, current, monthly)) {
            putClaim("ten_claims", sk);
        }
        putClaim("ten_other", closing);
        assertEquals("WARNING#daily#2026-11-18#TENANT", closing);

        PeriodCloser.Outcome daily = closer.closeEnded("ten_claims", ZoneOffset.UTC, Instant.parse("2026-11-19T00:30:00Z")).getFirst();
        assertEquals(2, daily.claimsCleared());
        assertFalse(exists("ten_claims", closing));
        assertFalse(exists("ten_claims", closingKey));
        assertTrue(exists("ten_claims", current));
        assertTrue(exists("ten_claims", monthly));
        assertTrue(exists("ten_other", closing), "another tenant's claims stay");
    }

    private List<GatewayEvent> resets(String period) {
        return events.stream().filter(e -> e.type().equals(PeriodCloser.RESET_EVENT) && period.equals(e.data().get("period"))).toList();
    }

    private void putClaim(String tenant, String sk) {
        LocalDynamoDb.client().putItem(put -> put.tableName(table).item(Map.of(SingleTable.PK, Attributes.s(BudgetKeys.claimPk(tenant)),
                SingleTable.SK, Attributes.s(sk), "entity", Attributes.s("budget_claim"))));
    }

    private boolean exists(String tenant, String sk) {
        var item = LocalDynamoDb.client().getItem(get -> get.tableName(table).consistentRead(true)
                .key(SingleTable.key(BudgetKeys.claimPk(tenant), sk))).item();
        return item != null && !item.isEmpty();
    }
}
