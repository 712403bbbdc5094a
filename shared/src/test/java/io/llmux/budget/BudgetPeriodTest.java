package io.llmux.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.llmux.error.GatewayException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class BudgetPeriodTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @Test
    void aDayBeginsAtLocalMidnightNotUtcMidnight() {
        Instant lateEveningInNewYork = Instant.parse("2026-11-28T03:30:00Z"); // 22:30 on the 27th in New York
        assertEquals("2026-11-27", BudgetPeriod.DAILY.key(lateEveningInNewYork, NEW_YORK));
        assertEquals("2026-11-28", BudgetPeriod.DAILY.key(lateEveningInNewYork, ZoneId.of("UTC")));
        assertEquals(Instant.parse("2026-11-27T05:00:00Z"), BudgetPeriod.DAILY.start(lateEveningInNewYork, NEW_YORK));
        assertEquals(Instant.parse("2026-11-28T05:00:00Z"), BudgetPeriod.DAILY.end(lateEveningInNewYork, NEW_YORK));
    }

    @Test
    void theDayClocksGoBackLasts25HoursAndTheDayTheyGoForward23() {
        Instant fallBack = Instant.parse("2026-11-01T12:00:00Z");
        assertEquals(Duration.ofHours(25), Duration.between(BudgetPeriod.DAILY.start(fallBack, NEW_YORK), BudgetPeriod.DAILY.end(fallBack, NEW_YORK)));
        Instant springForward = Instant.parse("2026-03-08T12:00:00Z");
        assertEquals(Duration.ofHours(23), Duration.between(BudgetPeriod.DAILY.start(springForward, NEW_YORK), BudgetPeriod.DAILY.end(springForward, NEW_YORK)));
    }

    @Test
    void weeksAreIsoWeeksAndTheWeekBasedYearIsUsedAtNewYear() {
        assertEquals("2026-W48", BudgetPeriod.WEEKLY.key(Instant.parse("2026-11-27T12:00:00Z"), TOKYO));
        assertEquals("2026-W53", BudgetPeriod.WEEKLY.key(Instant.parse("2027-01-01T12:00:00Z"), TOKYO));
        assertEquals(Instant.parse("2026-11-22T15:00:00Z"), BudgetPeriod.WEEKLY.start(Instant.parse("2026-11-27T12:00:00Z"), TOKYO));
    }

    @Test
    void monthsAndThePreviousPeriodsKey() {
        Instant firstOfDecemberInTokyo = Instant.parse("2026-11-30T16:00:00Z");
        assertEquals("2026-12", BudgetPeriod.MONTHLY.key(firstOfDecemberInTokyo, TOKYO));
        assertEquals("2026-11", BudgetPeriod.MONTHLY.previousKey(firstOfDecemberInTokyo, TOKYO));
        assertEquals("2026-11-30", BudgetPeriod.DAILY.previousKey(firstOfDecemberInTokyo, TOKYO));
    }

    @Test
    void parsingNamesTheParameter() {
        assertEquals(BudgetPeriod.WEEKLY, BudgetPeriod.parse("Weekly", "period"));
        GatewayException error = assertThrows(GatewayException.class, () -> BudgetPeriod.parse("yearly", "period"));
        assertEquals("period", error.param());
    }
}
