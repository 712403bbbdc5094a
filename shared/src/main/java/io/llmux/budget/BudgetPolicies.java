package io.llmux.budget;

import io.llmux.tenancy.Budgets;
import io.llmux.tenancy.Principal;
import io.llmux.tenancy.TenantSettings;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Which budgets apply to a caller, as rate limits do (LimitPolicies): a key's own budget counts
 * that key alone; the tenant's budget counts all its keys together. A request must fit both. Both
 * align their periods to the tenant's time zone. A budget with neither a token nor a cost cap is
 * no budget.
 */
public final class BudgetPolicies {

    private BudgetPolicies() {
    }

    /** The budgets that apply at {@code now}, the key's first (the order reservations are made in), none sharded. */
    public static List<ActiveBudget> active(Principal principal, Instant now) {
        return active(principal, now, 1);
    }

    /**
     * As {@link #active(Principal, Instant)}, with the tenant's budget split over
     * {@code tenantShards} counters (1: not split). Key budgets are never split: one key's traffic
     * is a tenant's at most.
     */
    public static List<ActiveBudget> active(Principal principal, Instant now, int tenantShards) {
        TenantSettings settings = principal.tenant().settings();
        Budgets key = principal.key().budgets();
        Budgets tenant = settings == null ? null : settings.budgets();
        if (!capped(key) && !capped(tenant)) {
            return List.of();
        }
        ZoneId zone = zoneOf(settings);
        List<ActiveBudget> budgets = new ArrayList<>(2);
        if (capped(key)) {
            BudgetPeriod period = periodOf(key);
            budgets.add(active(BudgetCounter.ofKey(principal.tenantId(), principal.key().id(), period, period.key(now, zone)),
                    key, zone, now, 1));
        }
        if (capped(tenant)) {
            BudgetPeriod period = periodOf(tenant);
            budgets.add(active(BudgetCounter.ofTenant(principal.tenantId(), period, period.key(now, zone)), tenant, zone, now,
                    tenantShards));
        }
        return budgets;
    }

    private static ActiveBudget active(BudgetCounter counter, Budgets budgets, ZoneId zone, Instant now, int shards) {
        return new ActiveBudget(counter, new BudgetCaps(budgets.tokens(), budgets.costMicros()), budgets.hardCap(), zone,
                counter.period().end(now, zone), BudgetKeys.expiresAt(counter.period(), now, zone), shards);
    }

    private static boolean capped(Budgets budgets) {
        return budgets != null && (budgets.tokens() != null || budgets.costMicros() != null);
    }

    /** The admin API accepts daily, weekly and monthly only; monthly is its default. */
    private static BudgetPeriod periodOf(Budgets budgets) {
        return budgets.period() == null ? BudgetPeriod.MONTHLY : BudgetPeriod.parse(budgets.period(), "budgets.period");
    }

    /** The admin API accepts IANA zones only; a tenant stored without one is in UTC. */
    private static ZoneId zoneOf(TenantSettings settings) {
        if (settings == null || settings.timeZone() == null || settings.timeZone().isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(settings.timeZone());
        } catch (DateTimeException notAZone) {
            return ZoneOffset.UTC;
        }
    }
}
