package io.llmux.budget;

import io.llmux.error.GatewayException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * A budget or usage period, aligned to a tenant's time zone. Counters are keyed by
 * {@link #key(Instant, ZoneId)}, so a new period starts at zero with no reset race: its item
 * simply does not exist yet.
 *
 * <p>Weeks are ISO weeks (Monday to Sunday). Boundaries are local midnights, so a day is 23 or 25
 * hours long across a daylight-saving change.
 */
public enum BudgetPeriod {
    DAILY, WEEKLY, MONTHLY;

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuu-MM", Locale.ROOT);

    /** The period's wire and configuration name: daily, weekly or monthly. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses daily, weekly or monthly; a 400 naming {@code param} for anything else. */
    public static BudgetPeriod parse(String value, String param) {
        if (value != null) {
            for (BudgetPeriod period : values()) {
                if (period.wireName().equalsIgnoreCase(value.trim())) {
                    return period;
                }
            }
        }
        throw GatewayException.invalid(param, param + " must be daily, weekly or monthly, not '" + value + "'");
    }

    /** The key of the period holding {@code at} in {@code zone}: 2026-11-27, 2026-W48 or 2026-11. */
    public String key(Instant at, ZoneId zone) {
        LocalDate date = at.atZone(zone).toLocalDate();
        return switch (this) {
            case DAILY -> date.toString();
            case WEEKLY -> String.format(Locale.ROOT, "%d-W%02d", date.get(IsoFields.WEEK_BASED_YEAR),
                    date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTHLY -> MONTH.format(date);
        };
    }

    /** When the period holding {@code at} began, in {@code zone}. */
    public Instant start(Instant at, ZoneId zone) {
        return firstDay(at.atZone(zone).toLocalDate()).atStartOfDay(zone).toInstant();
    }

    /** When the period holding {@code at} ends: the next period's start. */
    public Instant end(Instant at, ZoneId zone) {
        LocalDate first = firstDay(at.atZone(zone).toLocalDate());
        LocalDate next = switch (this) {
            case DAILY -> first.plusDays(1);
            case WEEKLY -> first.plusWeeks(1);
            case MONTHLY -> first.plusMonths(1);
        };
        return next.atStartOfDay(zone).toInstant();
    }

    /** The period before the one holding {@code at}: its key, for closing it. */
    public String previousKey(Instant at, ZoneId zone) {
        ZonedDateTime justBefore = start(at, zone).atZone(zone).minusNanos(1);
        return key(justBefore.toInstant(), zone);
    }

    private LocalDate firstDay(LocalDate date) {
        return switch (this) {
            case DAILY -> date;
            case WEEKLY -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTHLY -> date.withDayOfMonth(1);
        };
    }
}
