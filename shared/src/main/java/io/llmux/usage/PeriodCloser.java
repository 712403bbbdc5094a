package io.llmux.usage;

import io.llmux.budget.BudgetLedger;
import io.llmux.budget.BudgetPeriod;
import io.llmux.events.EventPublisher;
import io.llmux.events.GatewayEvent;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Closes a tenant's periods once they have ended, in the tenant's zone: for each of daily, weekly
 * and monthly, the period before the current one, once its end lies {@code grace} in the past
 * (requests settled a moment after midnight on another instance still land in it). Closing is:
 * clear the period's budget-warning claims, write its summary conditionally (the claim that makes
 * the rest happen once), and, if this call wrote it, publish {@value #RESET_EVENT}. A second run,
 * or two runs at once, close nothing more.
 */
@Singleton
public final class PeriodCloser {

    public static final String RESET_EVENT = io.llmux.budget.BudgetEvents.RESET;

    /** What happened to one period in one run. */
    public record Outcome(BudgetPeriod period, String periodKey, boolean closed, int claimsCleared, UsageCounts totals) {
    }

    private final UsageLedger ledger;
    private final BudgetLedger budgets;
    private final EventPublisher events;
    private final Duration grace;

    public PeriodCloser(UsageLedger ledger, BudgetLedger budgets, EventPublisher events,
                        @Value("${llmux.quota-reset.grace:5m}") Duration grace) {
        this.ledger = ledger;
        this.budgets = budgets;
        this.events = events;
        this.grace = grace;
    }

    public List<Outcome> closeEnded(String tenantId, ZoneId zone, Instant now) {
        List<Outcome> outcomes = new ArrayList<>(BudgetPeriod.values().length);
        for (BudgetPeriod period : BudgetPeriod.values()) {
            outcomes.add(close(tenantId, zone, period, now));
        }
        return outcomes;
    }

    Outcome close(String tenantId, ZoneId zone, BudgetPeriod period, Instant now) {
        // The last instant of the most recent period whose end is at least `grace` ago.
        Instant lastOfEnded = period.start(now.minus(grace), zone).minusNanos(1);
        String key = period.key(lastOfEnded, zone);
        PeriodUsage usage = ledger.read(tenantId, period, key);
        if (usage.closed()) {
            return new Outcome(period, key, false, 0, usage.summary().totals());
        }
        // Before the summary: if this run dies in between, the next one (seeing no summary) clears again.
        int cleared = budgets.clearClaims(tenantId, period, key);
        UsageCounts totals = usage.totals();
        if (!ledger.close(tenantId, period, key, new UsageSummary(totals, usage.lines().size(), now))) {
            return new Outcome(period, key, false, cleared, totals);
        }
        Instant start = period.start(lastOfEnded, zone);
        Instant end = period.end(lastOfEnded, zone);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("period", period.wireName());
        data.put("period_key", key);
        data.put("next_period_key", period.key(end, zone));
        data.put("time_zone", zone.getId());
        data.put("started_at", start.toString());
        data.put("ended_at", end.toString());
        data.put("requests", totals.requests());
        data.put("input_tokens", totals.inputTokens());
        data.put("output_tokens", totals.outputTokens());
        data.put("cached_tokens", totals.cachedTokens());
        data.put("cost_micros", totals.costMicros());
        data.put("cost_usd", totals.costUsd());
        events.publish(new GatewayEvent(RESET_EVENT, tenantId, now, data));
        return new Outcome(period, key, true, cleared, totals);
    }
}
