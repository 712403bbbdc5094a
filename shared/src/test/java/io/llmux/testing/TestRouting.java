package io.llmux.testing;

import io.llmux.pipeline.ModelAccess;
import io.llmux.provider.ModelRouter;
import io.llmux.routing.DeploymentStates;
import io.llmux.routing.ModelGroups;
import io.llmux.routing.RequestRouter;
import io.llmux.routing.ResilienceSettings;
import io.llmux.routing.ResilientCalls;
import io.llmux.tokens.PricingCatalog;
import io.llmux.tokens.TokenCounter;
import java.util.Map;

/** Routing without model groups, for tests that build a ChatPipeline by hand: every model names one deployment. */
public final class TestRouting {

    private final DeploymentStates states;
    private final RequestRouter router;
    private final ResilientCalls calls;

    public TestRouting(ModelRouter models, TokenCounter tokens, ResilienceSettings settings,
                       Map<String, Map<String, Object>> groups) {
        this.states = new DeploymentStates(settings);
        this.router = new RequestRouter(new ModelGroups(groups, models, PricingCatalog.bundled(), states), new ModelAccess(models),
                models, states, tokens, "balanced");
        this.calls = new ResilientCalls(states);
    }

    public TestRouting(ModelRouter models, TokenCounter tokens) {
        this(models, tokens, ResilienceSettings.DEFAULTS, Map.of());
    }

    public RequestRouter router() {
        return router;
    }

    public ResilientCalls calls() {
        return calls;
    }

    public DeploymentStates states() {
        return states;
    }
}
