package io.llmux.routing;

import io.micronaut.context.env.Environment;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.ConcurrentHashMap;

/** Every deployment's {@link DeploymentState}, by {@code provider/model}, created on first use. */
@Singleton
public final class DeploymentStates {

    private final ResilienceSettings settings;
    private final ConcurrentHashMap<String, DeploymentState> states = new ConcurrentHashMap<>();

    @Inject
    public DeploymentStates(Environment environment) {
        this(ResilienceSettings.from(environment));
    }

    public DeploymentStates(ResilienceSettings settings) {
        this.settings = settings;
    }

    public DeploymentState of(String id) {
        DeploymentState state = states.get(id);
        return state != null ? state : states.computeIfAbsent(id, name -> new DeploymentState(name, settings));
    }

    public ResilienceSettings settings() {
        return settings;
    }
}
