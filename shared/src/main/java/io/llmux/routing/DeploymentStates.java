package io.llmux.routing;

import io.llmux.provider.ModelRouter;
import io.micronaut.context.env.Environment;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every deployment's {@link DeploymentState}, by {@code provider/model}, created on first use with
 * the settings {@link DeploymentResilience} gives that deployment: one state per deployment,
 * whichever groups (or direct model names) reach it.
 */
@Singleton
public final class DeploymentStates {

    private final DeploymentResilience resilience;
    private final ConcurrentHashMap<String, DeploymentState> states = new ConcurrentHashMap<>();

    @Inject
    public DeploymentStates(Environment environment, ModelRouter models) {
        this(DeploymentResilience.from(environment, models));
    }

    /** The same settings for every deployment. */
    public DeploymentStates(ResilienceSettings settings) {
        this(DeploymentResilience.uniform(settings));
    }

    public DeploymentStates(DeploymentResilience resilience) {
        this.resilience = resilience;
    }

    public DeploymentState of(String id) {
        DeploymentState state = states.get(id);
        return state != null ? state : states.computeIfAbsent(id, name -> new DeploymentState(name, resilience.settingsFor(name)));
    }

    /** The gateway-wide settings; a deployment's own are {@link DeploymentState#settings()}. */
    public ResilienceSettings settings() {
        return resilience.global();
    }
}
