package io.llmux.routing;

import io.llmux.openai.ChatRequest;
import io.llmux.tenancy.Principal;

/**
 * One request's route: the plan it starts with, and the plans of the groups it may fall back to,
 * made when (and only when) a fallback is needed, for the same caller and request.
 */
public final class Route {

    private final RequestRouter router;
    private final Principal principal;
    private final RequestTraits traits;
    private final RouteStrategy requested;
    private final RoutePlan plan;

    Route(RequestRouter router, Principal principal, RequestTraits traits, RouteStrategy requested, RoutePlan plan) {
        this.router = router;
        this.principal = principal;
        this.traits = traits;
        this.requested = requested;
        this.plan = plan;
    }

    public RoutePlan plan() {
        return plan;
    }

    public ChatRequest request() {
        return traits.request();
    }

    /** The plan of group {@code name}, or null when it cannot serve this request. */
    RoutePlan fallback(String name) {
        return router.fallbackPlan(principal, name, traits, requested);
    }
}
