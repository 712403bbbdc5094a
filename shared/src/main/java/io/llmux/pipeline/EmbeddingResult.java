package io.llmux.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.budget.BudgetStatus;
import io.llmux.provider.Deployment;
import io.llmux.ratelimit.RateLimitDecision;
import io.llmux.routing.RouteReport;

/**
 * Embeddings, ready to answer with, how they were served (the deployment, and how the request was
 * routed to it), the rate-limit state and the budget state (or null) to report.
 */
public record EmbeddingResult(ObjectNode body, Deployment deployment, UsageRecord usage, RateLimitDecision rateLimit,
                              BudgetStatus budget, RouteReport route) {

    public EmbeddingResult(ObjectNode body, Deployment deployment, UsageRecord usage, RateLimitDecision rateLimit,
                           BudgetStatus budget) {
        this(body, deployment, usage, rateLimit, budget, RouteReport.direct(deployment));
    }

    public EmbeddingResult(ObjectNode body, Deployment deployment, UsageRecord usage) {
        this(body, deployment, usage, RateLimitDecision.UNLIMITED, null);
    }

    public EmbeddingResult(ObjectNode body, Deployment deployment, UsageRecord usage, RateLimitDecision rateLimit) {
        this(body, deployment, usage, rateLimit, null);
    }
}
