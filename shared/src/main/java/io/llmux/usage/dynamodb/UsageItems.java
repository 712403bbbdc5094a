package io.llmux.usage.dynamodb;

import io.llmux.budget.BudgetPeriod;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * How usage items are keyed in the one table (docs/storage.md, "Usage"). A period's items share
 * one partition, so a report or a closing is one Query:
 * <pre>
 * USAGE#{tenantId}#{period}#{periodKey}   LINE#{keyId}#{provider}#{model}   counters of one key x model
 * USAGE#{tenantId}#{period}#{periodKey}   SUMMARY                           written once, when closed
 * USAGE#{tenantId}#days#{yyyy-MM}         DAY#{yyyy-MM-dd}                  the month's day-by-day series
 * </pre>
 * Key ids and provider names hold no '#', so a line's sort key is unique even if a model name does.
 */
public final class UsageItems {

    static final String PREFIX = "USAGE#";
    static final String LINE_PREFIX = "LINE#";
    static final String SUMMARY = "SUMMARY";
    static final String DAY_PREFIX = "DAY#";
    static final String SERIES = "days";

    private UsageItems() {
    }

    public static String periodPk(String tenantId, BudgetPeriod period, String periodKey) {
        return PREFIX + tenantId + "#" + period.wireName() + "#" + periodKey;
    }

    public static String seriesPk(String tenantId, YearMonth month) {
        return PREFIX + tenantId + "#" + SERIES + "#" + month;
    }

    static String lineSk(String keyId, String provider, String model) {
        return LINE_PREFIX + keyId + "#" + provider + "#" + model;
    }

    static String daySk(LocalDate day) {
        return DAY_PREFIX + day;
    }
}
