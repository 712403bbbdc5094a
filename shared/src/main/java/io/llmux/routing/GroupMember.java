package io.llmux.routing;

import io.llmux.provider.Deployment;
import io.llmux.provider.ModelInfo;
import java.util.Set;

/**
 * One deployment as a member of a model group: where calls go, and what the strategies weigh.
 *
 * @param deployment   the provider and the model name it is sent
 * @param weight       share for weighted round-robin and random (at least 1)
 * @param capabilities what it can serve; requests needing more are filtered out
 * @param quality      0 to 1, higher is better (configured; 0.5 when not)
 * @param cost         USD per million tokens (input plus output), from configuration or the pricing
 *                     catalogue; -1 when unknown
 * @param tasks        the task types this member is preferred for (empty: no preference)
 * @param state        this deployment's health and guards, shared by every group that names it
 * @param kind         what it serves: chat completions or embeddings (a group may hold both; each
 *                     request is routed over the members of its kind)
 */
public record GroupMember(Deployment deployment, int weight, Capabilities capabilities, double quality, double cost,
                          Set<TaskType> tasks, DeploymentState state, ModelInfo.Kind kind) {

    /** A chat model. */
    public GroupMember(Deployment deployment, int weight, Capabilities capabilities, double quality, double cost,
                       Set<TaskType> tasks, DeploymentState state) {
        this(deployment, weight, capabilities, quality, cost, tasks, state, ModelInfo.Kind.CHAT);
    }

    /** {@code provider/model}: how headers, logs and configuration name the deployment. */
    public String id() {
        return state.id();
    }

    public DeploymentHealth health() {
        return state.health();
    }
}
