package io.llmux.budget.memory;

import io.llmux.budget.BudgetCaps;
import io.llmux.budget.BudgetCounter;
import io.llmux.budget.BudgetKeys;
import io.llmux.budget.BudgetPeriod;
import io.llmux.budget.BudgetLedger;
import io.llmux.budget.CounterState;
import io.llmux.budget.Spend;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Budget counters in memory, for the local server and tests; the DynamoDB ledger replaces it when
 * a table is configured. Each write is one atomic {@link ConcurrentMap#compute} of the counter's
 * entry, the in-process equivalent of a conditional UpdateItem. Entries past their TTL are dropped
 * when a write passes by, so a long-running local server does not keep old periods forever.
 */
@Singleton
@Secondary
public final class InMemoryBudgetLedger implements BudgetLedger {

    private record Entry(CounterState state, long expiresAt) {
    }

    private final ConcurrentMap<String, Entry> counters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Long> claims = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryBudgetLedger(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Optional<CounterState> reserve(BudgetCounter counter, Spend amount, BudgetCaps caps, long expiresAt) {
        boolean[] fitted = {false};
        Entry after = counters.compute(id(counter), (id, entry) -> {
            CounterState now = live(entry);
            if (!now.fits(amount, caps)) {
                return entry;
            }
            fitted[0] = true;
            return new Entry(now.plus(amount, amount), expiresAt);
        });
        return fitted[0] ? Optional.of(after.state()) : Optional.empty();
    }

    @Override
    public CounterState adjust(BudgetCounter counter, Spend committed, Spend reserved, long expiresAt) {
        return counters.compute(id(counter), (id, entry) -> new Entry(live(entry).plus(committed, reserved), expiresAt)).state();
    }

    @Override
    public CounterState read(BudgetCounter counter) {
        return live(counters.get(id(counter)));
    }

    @Override
    public boolean claim(String kind, BudgetCounter counter, long expiresAt) {
        long now = clock.instant().getEpochSecond();
        claims.values().removeIf(expiry -> expiry <= now);
        counters.values().removeIf(entry -> entry.expiresAt() <= now);
        return claims.putIfAbsent(BudgetKeys.claimPk(counter.tenantId()) + "|" + BudgetKeys.claimSk(kind, counter), expiresAt) == null;
    }

    @Override
    public void clearClaim(String kind, BudgetCounter counter) {
        claims.remove(BudgetKeys.claimPk(counter.tenantId()) + "|" + BudgetKeys.claimSk(kind, counter));
    }

    @Override
    public int clearClaims(String tenantId, BudgetPeriod period, String periodKey) {
        int before = claims.size();
        for (String kind : BudgetKeys.CLAIM_KINDS) {
            String prefix = BudgetKeys.claimPk(tenantId) + "|" + BudgetKeys.claimPeriodPrefix(kind, period, periodKey);
            claims.keySet().removeIf(claim -> claim.startsWith(prefix));
        }
        return before - claims.size();
    }

    @Override
    public boolean blocking() {
        return false;
    }

    private CounterState live(Entry entry) {
        return entry == null || entry.expiresAt() <= clock.instant().getEpochSecond() ? CounterState.EMPTY : entry.state();
    }

    private static String id(BudgetCounter counter) {
        return BudgetKeys.counterPk(counter) + "|" + BudgetKeys.counterSk(counter);
    }
}
