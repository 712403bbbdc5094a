package io.llmux.pipeline;

import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.llmux.provider.Deployment;
import io.llmux.provider.ModelInfo;
import io.llmux.provider.ModelRouter;
import io.llmux.tenancy.Principal;
import jakarta.inject.Singleton;

/** Resolves the model a caller asked for, and refuses it (403) when the caller's key may not use it. */
@Singleton
public final class ModelAccess {

    private final ModelRouter router;

    public ModelAccess(ModelRouter router) {
        this.router = router;
    }

    public Deployment resolve(Principal principal, String model, ModelInfo.Kind kind) {
        Deployment deployment = router.resolve(model, kind);
        if (!principal.mayUse(model, deployment.provider().name() + "/" + deployment.upstreamModel())) {
            throw new GatewayException(ErrorType.PERMISSION, "This API key may not use the model '" + model + "'.",
                    "model", "model_not_allowed", null);
        }
        return deployment;
    }
}
