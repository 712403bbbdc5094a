package io.llmux.usage.memory;

import io.llmux.budget.BudgetPeriod;
import io.llmux.pipeline.UsageRecord;
import io.llmux.usage.PeriodUsage;
import io.llmux.usage.UsageCounts;
import io.llmux.usage.UsageLedger;
import io.llmux.usage.UsageLine;
import io.llmux.usage.UsageSummary;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ledger of the local server: the same periods, lines and series as the DynamoDB ledger, in
 * maps (atomic per entry through {@link ConcurrentHashMap#merge}). Kept for the process's life.
 */
@Singleton
@Secondary
public final class InMemoryUsageLedger implements UsageLedger {

    private record LineKey(String keyId, String provider, String model) {
    }

    private record Partition(Map<LineKey, UsageCounts> lines, Map<String, UsageSummary> summary) {
        Partition() {
            this(new ConcurrentHashMap<>(), new ConcurrentHashMap<>(1));
        }
    }

    private final Map<String, Partition> periods = new ConcurrentHashMap<>();
    private final Map<String, Map<LocalDate, UsageCounts>> series = new ConcurrentHashMap<>();

    @Override
    public void add(UsageRecord record, ZoneId zone, Instant at) {
        UsageCounts counts = UsageCounts.of(record);
        LineKey line = new LineKey(record.keyId(), record.provider(), record.model());
        for (BudgetPeriod period : BudgetPeriod.values()) {
            partition(record.tenantId(), period, period.key(at, zone)).lines().merge(line, counts, UsageCounts::plus);
        }
        LocalDate day = at.atZone(zone).toLocalDate();
        series.computeIfAbsent(seriesKey(record.tenantId(), YearMonth.from(day)), k -> new ConcurrentHashMap<>())
                .merge(day, counts, UsageCounts::plus);
    }

    @Override
    public PeriodUsage read(String tenantId, BudgetPeriod period, String periodKey) {
        Partition partition = periods.get(periodKey(tenantId, period, periodKey));
        if (partition == null) {
            return new PeriodUsage(tenantId, period, periodKey, List.of(), null);
        }
        List<UsageLine> lines = new ArrayList<>();
        partition.lines().forEach((key, counts) -> lines.add(new UsageLine(key.keyId(), key.provider(), key.model(), counts)));
        return new PeriodUsage(tenantId, period, periodKey, List.copyOf(lines), partition.summary().get("summary"));
    }

    @Override
    public SortedMap<LocalDate, UsageCounts> days(String tenantId, YearMonth month) {
        return new TreeMap<>(series.getOrDefault(seriesKey(tenantId, month), Map.of()));
    }

    @Override
    public boolean close(String tenantId, BudgetPeriod period, String periodKey, UsageSummary summary) {
        return partition(tenantId, period, periodKey).summary().putIfAbsent("summary", summary) == null;
    }

    private Partition partition(String tenantId, BudgetPeriod period, String periodKey) {
        return periods.computeIfAbsent(periodKey(tenantId, period, periodKey), k -> new Partition());
    }

    private static String periodKey(String tenantId, BudgetPeriod period, String periodKey) {
        return tenantId + "#" + period.wireName() + "#" + periodKey;
    }

    private static String seriesKey(String tenantId, YearMonth month) {
        return tenantId + "#" + month;
    }
}
