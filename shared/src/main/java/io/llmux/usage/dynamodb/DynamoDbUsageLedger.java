package io.llmux.usage.dynamodb;

import io.llmux.budget.BudgetPeriod;
import io.llmux.pipeline.UsageRecord;
import io.llmux.tenancy.dynamodb.Attributes;
import io.llmux.tenancy.dynamodb.DynamoDbFactory;
import io.llmux.tenancy.dynamodb.SingleTable;
import io.llmux.usage.PeriodUsage;
import io.llmux.usage.UsageCounts;
import io.llmux.usage.UsageLedger;
import io.llmux.usage.UsageLine;
import io.llmux.usage.UsageSummary;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The usage ledger in the tenancy table (layout in {@link UsageItems}). A request costs four
 * UpdateItems, issued in parallel: its line in the daily, weekly and monthly partitions, and its
 * day in the month's series. Each is {@code ADD} of the request's counts (atomic, commutative: no
 * read, no condition, no transaction), with {@code ttl} set once, when the item is created.
 */
@Singleton
@Requires(property = DynamoDbFactory.TABLE_PROPERTY, pattern = ".+")
public final class DynamoDbUsageLedger implements UsageLedger {

    private static final String COUNTERS = "ADD #requests :requests, #input :input, #output :output, #cached :cached, "
            + "#hits :hits, #cost :cost SET #entity = :entity, #ttl = if_not_exists(#ttl, :ttl)";
    private static final Map<String, String> COUNTER_NAMES = Map.of("#requests", "requests", "#input", "input_tokens",
            "#output", "output_tokens", "#cached", "cached_tokens", "#hits", "cache_hits", "#cost", "cost_micros",
            "#entity", "entity", "#ttl", SingleTable.TTL);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;

    public DynamoDbUsageLedger(DynamoDbClient dynamo, @Value("${" + DynamoDbFactory.TABLE_PROPERTY + "}") String table,
                               @Value("${llmux.usage.retention:400d}") Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
    }

    @Override
    public void add(UsageRecord record, ZoneId zone, Instant at) {
        UsageCounts counts = UsageCounts.of(record);
        String sk = UsageItems.lineSk(record.keyId(), record.provider(), record.model());
        List<Runnable> writes = new ArrayList<>(4);
        for (BudgetPeriod period : BudgetPeriod.values()) {
            String pk = UsageItems.periodPk(record.tenantId(), period, period.key(at, zone));
            long ttl = expiry(period.end(at, zone));
            writes.add(() -> increment(pk, sk, counts, "usage_line", ttl, Map.of(
                    "key_id", Attributes.s(record.keyId()), "provider", Attributes.s(record.provider()),
                    "model", Attributes.s(record.model()))));
        }
        LocalDate day = at.atZone(zone).toLocalDate();
        long seriesTtl = expiry(BudgetPeriod.MONTHLY.end(at, zone));
        writes.add(() -> increment(UsageItems.seriesPk(record.tenantId(), YearMonth.from(day)), UsageItems.daySk(day), counts,
                "usage_day", seriesTtl, Map.of()));
        runAll(writes);
    }

    private void increment(String pk, String sk, UsageCounts counts, String entity, long ttl, Map<String, AttributeValue> labels) {
        Map<String, AttributeValue> values = new HashMap<>(12);
        values.put(":requests", Attributes.n(counts.requests()));
        values.put(":input", Attributes.n(counts.inputTokens()));
        values.put(":output", Attributes.n(counts.outputTokens()));
        values.put(":cached", Attributes.n(counts.cachedTokens()));
        values.put(":hits", Attributes.n(counts.cacheHits()));
        values.put(":cost", Attributes.n(counts.costMicros()));
        values.put(":entity", Attributes.s(entity));
        values.put(":ttl", Attributes.n(ttl));
        Map<String, String> names = new HashMap<>(COUNTER_NAMES);
        StringBuilder expression = new StringBuilder(COUNTERS);
        // The labels are constants of the item (its sort key spells them too): SET them on every
        // write, which is idempotent, so the item is readable without parsing its key.
        for (Map.Entry<String, AttributeValue> label : labels.entrySet()) {
            names.put("#" + label.getKey(), label.getKey());
            values.put(":" + label.getKey(), label.getValue());
            expression.append(", #").append(label.getKey()).append(" = :").append(label.getKey());
        }
        dynamo.updateItem(update -> update.tableName(table).key(SingleTable.key(pk, sk))
                .updateExpression(expression.toString())
                .expressionAttributeNames(names)
                .expressionAttributeValues(values));
    }

    /** The writes of one request go out together: four round trips cost about one. */
    private static void runAll(List<Runnable> writes) {
        try (ExecutorService parallel = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> pending = new ArrayList<>(writes.size());
            for (Runnable write : writes) {
                pending.add(parallel.submit(write));
            }
            RuntimeException failure = null;
            for (Future<?> write : pending) {
                try {
                    write.get();
                } catch (ExecutionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while writing usage", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    private long expiry(Instant periodEnd) {
        return periodEnd.plus(retention).getEpochSecond();
    }

    @Override
    public PeriodUsage read(String tenantId, BudgetPeriod period, String periodKey) {
        List<UsageLine> lines = new ArrayList<>();
        UsageSummary summary = null;
        for (Map<String, AttributeValue> item : queryAll(UsageItems.periodPk(tenantId, period, periodKey))) {
            String sk = Attributes.string(item, SingleTable.SK);
            if (sk.startsWith(UsageItems.LINE_PREFIX)) {
                lines.add(new UsageLine(Attributes.string(item, "key_id"), Attributes.string(item, "provider"),
                        Attributes.string(item, "model"), counts(item)));
            } else if (sk.equals(UsageItems.SUMMARY)) {
                summary = new UsageSummary(counts(item), (int) Attributes.number(item, "lines", 0),
                        Instant.parse(Attributes.string(item, "closed_at")));
            }
        }
        return new PeriodUsage(tenantId, period, periodKey, List.copyOf(lines), summary);
    }

    @Override
    public SortedMap<LocalDate, UsageCounts> days(String tenantId, YearMonth month) {
        SortedMap<LocalDate, UsageCounts> days = new TreeMap<>();
        for (Map<String, AttributeValue> item : queryAll(UsageItems.seriesPk(tenantId, month))) {
            String sk = Attributes.string(item, SingleTable.SK);
            if (sk.startsWith(UsageItems.DAY_PREFIX)) {
                days.put(LocalDate.parse(sk.substring(UsageItems.DAY_PREFIX.length())), counts(item));
            }
        }
        return days;
    }

    @Override
    public boolean close(String tenantId, BudgetPeriod period, String periodKey, UsageSummary summary) {
        UsageCounts totals = summary.totals();
        Map<String, AttributeValue> item = new HashMap<>(SingleTable.key(UsageItems.periodPk(tenantId, period, periodKey), UsageItems.SUMMARY));
        item.put("entity", Attributes.s("usage_summary"));
        item.put("tenant_id", Attributes.s(tenantId));
        item.put("period", Attributes.s(period.wireName()));
        item.put("period_key", Attributes.s(periodKey));
        item.put("requests", Attributes.n(totals.requests()));
        item.put("input_tokens", Attributes.n(totals.inputTokens()));
        item.put("output_tokens", Attributes.n(totals.outputTokens()));
        item.put("cached_tokens", Attributes.n(totals.cachedTokens()));
        item.put("cache_hits", Attributes.n(totals.cacheHits()));
        item.put("cost_micros", Attributes.n(totals.costMicros()));
        item.put("lines", Attributes.n(summary.lines()));
        item.put("closed_at", Attributes.s(summary.closedAt().toString()));
        item.put(SingleTable.TTL, Attributes.n(expiry(summary.closedAt())));
        try {
            dynamo.putItem(put -> put.tableName(table).item(item).conditionExpression("attribute_not_exists(PK)"));
            return true;
        } catch (ConditionalCheckFailedException alreadyClosed) {
            return false;
        }
    }

    /**
     * Every item of one partition, strongly consistent (a closing must see every acknowledged
     * increment). A partition holds one item per key x model used in the period, so it is small.
     */
    private List<Map<String, AttributeValue>> queryAll(String pk) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("PK = :pk")
                    .expressionAttributeValues(Map.of(":pk", Attributes.s(pk)));
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse page = dynamo.query(query.build());
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    private static UsageCounts counts(Map<String, AttributeValue> item) {
        return new UsageCounts(Attributes.number(item, "requests", 0), Attributes.number(item, "input_tokens", 0),
                Attributes.number(item, "output_tokens", 0), Attributes.number(item, "cached_tokens", 0),
                Attributes.number(item, "cache_hits", 0), Attributes.number(item, "cost_micros", 0));
    }
}
