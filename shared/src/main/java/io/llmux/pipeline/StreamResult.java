package io.llmux.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.budget.BudgetStatus;
import io.llmux.cache.CacheStatus;
import io.llmux.provider.Deployment;
import io.llmux.ratelimit.RateLimitDecision;
import io.llmux.routing.RouteReport;
import reactor.core.publisher.Flux;

/**
 * A streamed completion that the provider accepted: the chunks the client should see (the usage
 * chunk only when it asked for one), and the deployment serving it. The stream errors with a
 * {@link io.llmux.error.GatewayException} if the provider fails midway; usage is settled whatever
 * happens, once. {@code rateLimit} is the rate-limit state to report in the response headers;
 * {@code cache} says whether the chunks are a replay from the response cache; {@code route} how the
 * deployment was chosen; {@code budget} the cost and budget state known when the response head is
 * written (before the cost is settled: the reservation), or null when no budget stage ran.
 */
public record StreamResult(Flux<ObjectNode> chunks, Deployment deployment, RateLimitDecision rateLimit, CacheStatus cache,
                           RouteReport route, BudgetStatus budget) {

    /** A stream from {@code deployment} without routing or budgets. */
    public StreamResult(Flux<ObjectNode> chunks, Deployment deployment, RateLimitDecision rateLimit, CacheStatus cache) {
        this(chunks, deployment, rateLimit, cache, RouteReport.direct(deployment), null);
    }

    public StreamResult(Flux<ObjectNode> chunks, Deployment deployment) {
        this(chunks, deployment, RateLimitDecision.UNLIMITED, CacheStatus.BYPASS);
    }

    public StreamResult withRateLimit(RateLimitDecision decision) {
        return new StreamResult(chunks, deployment, decision, cache, route, budget);
    }

    public StreamResult withBudget(BudgetStatus status) {
        return new StreamResult(chunks, deployment, rateLimit, cache, route, status);
    }
}
