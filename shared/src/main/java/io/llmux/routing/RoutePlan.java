package io.llmux.routing;

import io.llmux.provider.Deployment;
import java.util.List;

/**
 * A routing decision: the deployments to try, in order, and why this order.
 *
 * @param requested  the model name the client sent (a group's name, or a model)
 * @param candidates the deployments that can serve the request, best first; never empty
 * @param strategy   the strategy that ordered them
 * @param reason     why the first is first, for the x-llmux-route header
 * @param task       the detected task type, or null when the group does not route by task
 * @param group      the group, or null for a model name that names one deployment
 */
public record RoutePlan(String requested, List<GroupMember> candidates, RouteStrategy strategy, String reason, TaskType task,
                        ModelGroup group) {

    /**
     * The deployment that stands for the whole route where one must be named before any call:
     * a group's first configured member of the request's kind (chat or embeddings), whatever the
     * strategy picks, so a cached answer is found whichever member produced it.
     */
    public Deployment primary() {
        GroupMember first = candidates.getFirst();
        if (group != null) {
            for (GroupMember member : group.members()) {
                if (member.kind() == first.kind()) {
                    return member.deployment();
                }
            }
        }
        return first.deployment();
    }
}
