package io.llmux.usage;

import io.llmux.budget.BudgetPeriod;
import io.llmux.pipeline.UsageRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.SortedMap;

/**
 * Aggregate usage counters per tenant, period, key, provider and model, plus a day-by-day series
 * per month: DynamoDB in production ({@code DynamoDbUsageLedger}), memory locally. Every write is
 * an atomic increment (no read-modify-write), so concurrent requests on any number of instances
 * sum exactly. Methods block: call them off event-loop threads.
 */
public interface UsageLedger {

    /**
     * Adds one settled request to the daily, weekly and monthly counters of the periods holding
     * {@code at} in the tenant's {@code zone}, and to that day's point of the monthly series.
     */
    void add(UsageRecord record, ZoneId zone, Instant at);

    /** The lines (and the summary, once closed) of one period; a period with no use has no lines. */
    PeriodUsage read(String tenantId, BudgetPeriod period, String periodKey);

    /** The day-by-day totals of one month (local days of the tenant's zone); days with no use are absent. */
    SortedMap<LocalDate, UsageCounts> days(String tenantId, YearMonth month);

    /**
     * Writes a period's summary unless one exists: true if this call wrote it. The write is
     * conditional, so of any number of concurrent or repeated closings exactly one wins; the
     * winner is the one that announces the period's end.
     */
    boolean close(String tenantId, BudgetPeriod period, String periodKey, UsageSummary summary);
}
