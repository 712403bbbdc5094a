package io.llmux.budget;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.llmux.events.EventPublisher;
import io.llmux.events.GatewayEvent;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes {@link BudgetEvents#WARNING} and {@link BudgetEvents#EXCEEDED}, each at most once per
 * budget and period across every instance: an event is published only by the writer that wins its
 * claim (a conditional put in the ledger).
 *
 * <p>Thresholds are judged on what was actually spent (committed minus open reservations), which
 * only grows, one settlement at a time. So the settlement that crosses a threshold is the one
 * whose spend before it was below and after it at or above: a request's worst case never raises
 * a false warning. Every instance remembers the claims it saw, so a budget that stays refused
 * costs one claim write per instance and period, not one per request.
 */
@Singleton
public final class BudgetAlerts {

    private static final Logger LOG = LoggerFactory.getLogger(BudgetAlerts.class);

    private final BudgetLedger ledger;
    private final EventPublisher events;
    private final Clock clock;
    private final int thresholdPercent;
    private final Cache<String, Boolean> seenClaims = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofHours(1))
            .build();

    public BudgetAlerts(BudgetLedger ledger, EventPublisher events, Clock clock,
                        @Value("${llmux.budgets.warning-threshold:80}") int thresholdPercent) {
        if (thresholdPercent < 1 || thresholdPercent > 100) {
            throw new IllegalArgumentException("llmux.budgets.warning-threshold must be a percentage from 1 to 100, not " + thresholdPercent);
        }
        this.ledger = ledger;
        this.events = events;
        this.clock = clock;
        this.thresholdPercent = thresholdPercent;
    }

    public int thresholdPercent() {
        return thresholdPercent;
    }

    /** After a settlement of {@code actual} left the counter at {@code after}: warns or reports an overrun if this one crossed. */
    void settled(ActiveBudget budget, CounterState after, Spend actual) {
        BudgetCaps caps = budget.caps();
        if (caps.tokens() != null) {
            check(budget, false, after.spentTokens(), actual.tokens(), caps.tokens());
        }
        if (caps.micros() != null) {
            check(budget, true, after.spentMicros(), actual.micros(), caps.micros());
        }
    }

    /**
     * After a settlement of a sharded budget, whose state {@code total} is a sum of reads (not one
     * atomic write, so no single settlement can be named the crossing one): every settlement at or
     * past a line tries to claim its event, and the claim (remembered per instance) publishes it once.
     */
    void settledTotal(ActiveBudget budget, CounterState total) {
        BudgetCaps caps = budget.caps();
        if (caps.tokens() != null) {
            checkTotal(budget, false, total.spentTokens(), caps.tokens());
        }
        if (caps.micros() != null) {
            checkTotal(budget, true, total.spentMicros(), caps.micros());
        }
    }

    private void checkTotal(ActiveBudget budget, boolean cost, long spent, long cap) {
        String dimension = cost ? "cost" : "tokens";
        if (spent >= warningLevel(cap)) {
            publishOnce(BudgetEvents.WARNING, BudgetKeys.WARNING, budget, Map.of("dimension", dimension, "cap", cap,
                    "spent", spent, "threshold_percent", thresholdPercent));
        }
        if (spent > cap) {
            publishOnce(BudgetEvents.EXCEEDED, BudgetKeys.EXCEEDED, budget, Map.of("reason", "spent", "dimension", dimension,
                    "cap", cap, "spent", spent));
        }
    }

    /** A hard budget refused a request. */
    void refused(ActiveBudget budget, CounterState state) {
        publishOnce(BudgetEvents.EXCEEDED, BudgetKeys.EXCEEDED, budget, Map.of("reason", "refused",
                "spent_tokens", state.spentTokens(), "spent_micros", state.spentMicros()));
    }

    private void check(ActiveBudget budget, boolean cost, long spentAfter, long added, long cap) {
        long before = spentAfter - added;
        long threshold = warningLevel(cap);
        String dimension = cost ? "cost" : "tokens";
        if (before < threshold && spentAfter >= threshold) {
            publishOnce(BudgetEvents.WARNING, BudgetKeys.WARNING, budget, Map.of("dimension", dimension, "cap", cap,
                    "spent", spentAfter, "threshold_percent", thresholdPercent));
        }
        if (before <= cap && spentAfter > cap) {
            publishOnce(BudgetEvents.EXCEEDED, BudgetKeys.EXCEEDED, budget, Map.of("reason", "spent", "dimension", dimension,
                    "cap", cap, "spent", spentAfter));
        }
    }

    /** The spend at which a cap warns: the threshold share of it, rounded up (integers only). */
    long warningLevel(long cap) {
        return Math.ceilDiv(Math.multiplyExact(cap, (long) thresholdPercent), 100L);
    }

    private void publishOnce(String type, String kind, ActiveBudget budget, Map<String, Object> facts) {
        BudgetCounter counter = budget.counter();
        String id = kind + "|" + BudgetKeys.claimPk(counter.tenantId()) + "|" + BudgetKeys.claimSk(kind, counter);
        if (seenClaims.getIfPresent(id) != null) {
            return;
        }
        boolean won;
        try {
            won = ledger.claim(kind, counter, budget.expiresAt());
        } catch (RuntimeException e) {
            // An event must not fail the request that crossed the line. No later writer crosses it again,
            // so this event is lost: logged as an error for the operator.
            LOG.atError().addKeyValue("type", type).addKeyValue("tenant_id", counter.tenantId()).addKeyValue("cause", e.toString())
                    .log("Could not claim a budget event: it is not published");
            return;
        }
        seenClaims.put(id, Boolean.TRUE);
        if (!won) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("scope", counter.scope().wireName());
        if (counter.keyId() != null) {
            data.put("key_id", counter.keyId());
        }
        data.put("period", counter.period().wireName());
        data.put("period_key", counter.periodKey());
        data.put("hard_cap", budget.hardCap());
        data.put("resets_at", budget.resetsAt().toString());
        data.putAll(facts);
        events.publish(new GatewayEvent(type, counter.tenantId(), clock.instant(), Collections.unmodifiableMap(data)));
    }
}
