package io.llmux.usage.memory;

import io.llmux.budget.BudgetPeriod;
import io.llmux.usage.BudgetClaims;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Warning claims in memory, for the local server and tests; spelt as the DynamoDB sort keys are. */
@Singleton
@Secondary
public final class InMemoryBudgetClaims implements BudgetClaims {

    private final Set<String> claims = ConcurrentHashMap.newKeySet();

    /** True the first time a threshold of a budget is claimed in a period. */
    public boolean claim(String tenantId, BudgetPeriod period, String periodKey, String scope, int threshold) {
        return claims.add(prefix(tenantId, period, periodKey) + scope + "#" + threshold);
    }

    @Override
    public int clearClaims(String tenantId, BudgetPeriod period, String periodKey) {
        String prefix = prefix(tenantId, period, periodKey);
        int before = claims.size();
        claims.removeIf(claim -> claim.startsWith(prefix));
        return before - claims.size();
    }

    private static String prefix(String tenantId, BudgetPeriod period, String periodKey) {
        return tenantId + "#" + period.wireName() + "#" + periodKey + "#";
    }
}
