package io.llmux.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.budget.BudgetStatus;
import io.llmux.cache.CacheStatus;
import io.llmux.provider.Deployment;
import io.llmux.ratelimit.RateLimitDecision;
import io.llmux.routing.RouteReport;

/**
 * A whole completion, ready to answer with: how it was served and routed, the rate-limit state to
 * report, whether it came from the response cache, and its cost and budget state (null when no
 * budget stage ran).
 */
public record ChatResult(ObjectNode body, Deployment deployment, UsageRecord usage, RateLimitDecision rateLimit,
                         CacheStatus cache, RouteReport route, BudgetStatus budget) {

    /** A completion served by {@code deployment} without routing or budgets. */
    public ChatResult(ObjectNode body, Deployment deployment, UsageRecord usage, RateLimitDecision rateLimit, CacheStatus cache) {
        this(body, deployment, usage, rateLimit, cache, RouteReport.direct(deployment), null);
    }

    public ChatResult(ObjectNode body, Deployment deployment, UsageRecord usage) {
        this(body, deployment, usage, RateLimitDecision.UNLIMITED, CacheStatus.BYPASS);
    }

    public ChatResult withRateLimit(RateLimitDecision decision) {
        return new ChatResult(body, deployment, usage, decision, cache, route, budget);
    }
}
