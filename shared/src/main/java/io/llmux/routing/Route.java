package io.llmux.routing;

import io.llmux.openai.ChatRequest;
import io.llmux.provider.ModelInfo;
import io.llmux.tenancy.Principal;

/**
 * One request's route: the plan it starts with, and the plans of the groups it may fall back to,
 * made when (and only when) a fallback is needed, for the same caller, request and kind (chat or
 * embeddings).
 */
public final class Route {

    private final RequestRouter router;
    private final Principal principal;
    private final RequestTraits traits;
    private final ModelInfo.Kind kind;
    private final RouteStrategy requested;
    private final RoutePlan plan;

    /** @param traits the chat request's traits, or null for embeddings */
    Route(RequestRouter router, Principal principal, RequestTraits traits, ModelInfo.Kind kind, RouteStrategy requested, RoutePlan plan) {
        this.router = router;
        this.principal = principal;
        this.traits = traits;
        this.kind = kind;
        this.requested = requested;
        this.plan = plan;
    }

    public RoutePlan plan() {
        return plan;
    }

    /** The chat request; null on an embeddings route. */
    public ChatRequest request() {
        return traits == null ? null : traits.request();
    }

    /** The plan of group {@code name}, or null when it cannot serve this request. */
    RoutePlan fallback(String name) {
        return router.fallbackPlan(principal, name, traits, kind, requested);
    }
}
