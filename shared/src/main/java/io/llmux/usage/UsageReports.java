package io.llmux.usage;

import io.llmux.budget.BudgetPeriod;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds usage reports from the ledger: one Query of the period's partition (its lines and
 * summary), plus, for a day-by-day report, one Query of each month's series the period touches
 * (one, or two for a week across a month's end). Blocking: call off the event loop.
 */
@Singleton
public final class UsageReports {

    private static final Comparator<UsageReport.Group> LARGEST_FIRST = Comparator
            .comparingLong((UsageReport.Group g) -> g.counts().costMicros()).reversed()
            .thenComparing(Comparator.comparingLong((UsageReport.Group g) -> g.counts().requests()).reversed())
            .thenComparing(UsageReport.Group::label);

    private final UsageLedger ledger;

    public UsageReports(UsageLedger ledger) {
        this.ledger = ledger;
    }

    /** The report of the period holding {@code at} in {@code zone}, with at most {@code limit} groups. */
    public UsageReport report(String tenantId, ZoneId zone, BudgetPeriod period, Instant at, UsageGrouping grouping, int limit) {
        String key = period.key(at, zone);
        Instant start = period.start(at, zone);
        Instant end = period.end(at, zone);
        PeriodUsage usage = ledger.read(tenantId, period, key);
        UsageCounts totals = usage.totals();
        if (grouping == UsageGrouping.DAY) {
            List<UsageReport.Group> days = days(tenantId, start.atZone(zone).toLocalDate(), end.atZone(zone).toLocalDate());
            return new UsageReport(tenantId, period, key, zone, start, end, usage.summary(), totals, grouping, days, false, UsageCounts.ZERO);
        }
        Map<String, UsageReport.Group> groups = new LinkedHashMap<>();
        for (UsageLine line : usage.lines()) {
            UsageReport.Group group = group(grouping, line);
            groups.merge(group.label(), group, (a, b) -> new UsageReport.Group(a.label(), a.dimensions(), a.counts().plus(b.counts())));
        }
        List<UsageReport.Group> sorted = new ArrayList<>(groups.values());
        sorted.sort(LARGEST_FIRST);
        UsageCounts other = UsageCounts.ZERO;
        for (UsageReport.Group left : sorted.subList(Math.min(limit, sorted.size()), sorted.size())) {
            other = other.plus(left.counts());
        }
        boolean truncated = sorted.size() > limit;
        List<UsageReport.Group> shown = List.copyOf(sorted.subList(0, Math.min(limit, sorted.size())));
        return new UsageReport(tenantId, period, key, zone, start, end, usage.summary(), totals, grouping, shown, truncated, other);
    }

    private static UsageReport.Group group(UsageGrouping grouping, UsageLine line) {
        return switch (grouping) {
            case MODEL -> new UsageReport.Group(line.provider() + "/" + line.model(),
                    Map.of("provider", line.provider(), "model", line.model()), line.counts());
            case PROVIDER -> new UsageReport.Group(line.provider(), Map.of("provider", line.provider()), line.counts());
            case KEY -> new UsageReport.Group(line.keyId(), Map.of("key_id", line.keyId()), line.counts());
            case DAY -> throw new IllegalArgumentException("days come from the series");
        };
    }

    /** Every local day in [first, end), zero where nothing was used, so a chart has no gaps. */
    private List<UsageReport.Group> days(String tenantId, LocalDate first, LocalDate end) {
        SortedMap<LocalDate, UsageCounts> used = new TreeMap<>();
        for (YearMonth month = YearMonth.from(first); !month.atDay(1).isAfter(end.minusDays(1)); month = month.plusMonths(1)) {
            used.putAll(ledger.days(tenantId, month));
        }
        List<UsageReport.Group> days = new ArrayList<>();
        for (LocalDate day = first; day.isBefore(end); day = day.plusDays(1)) {
            days.add(new UsageReport.Group(day.toString(), Map.of("date", day.toString()), used.getOrDefault(day, UsageCounts.ZERO)));
        }
        return days;
    }
}
