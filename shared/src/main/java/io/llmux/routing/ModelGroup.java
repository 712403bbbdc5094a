package io.llmux.routing;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A logical model name ({@code smart}, {@code fast}, or {@code gpt-4o} itself) and the deployments
 * that serve it, in configured order.
 *
 * @param name                  the name clients send as {@code model}
 * @param members               the deployments, in configured order (the tie-break of every strategy)
 * @param strategy              the group's strategy, or null for the gateway's default
 * @param weights               the balanced strategy's weights
 * @param fallbacks             groups tried, in order, when every member failed
 * @param contextWindowFallback the group a request goes to when it is too long for this one, or null
 * @param contentPolicyFallback the group a request goes to when a provider's content filter refused it, or null
 */
public record ModelGroup(String name, List<GroupMember> members, RouteStrategy strategy, BalancedWeights weights,
                         List<String> fallbacks, String contextWindowFallback, String contentPolicyFallback,
                         AtomicLong turns) {

    public ModelGroup {
        members = List.copyOf(members);
        fallbacks = List.copyOf(fallbacks);
    }

    public ModelGroup(String name, List<GroupMember> members, RouteStrategy strategy, BalancedWeights weights,
                      List<String> fallbacks, String contextWindowFallback, String contentPolicyFallback) {
        this(name, members, strategy, weights, fallbacks, contextWindowFallback, contentPolicyFallback, new AtomicLong());
    }

    /** Whether any member prefers a task type: only then is the request classified. */
    public boolean usesTasks() {
        for (GroupMember member : members) {
            if (!member.tasks().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Weights of the balanced score; they need not sum to 1. */
    public record BalancedWeights(double quality, double latency, double cost) {
        public static final BalancedWeights DEFAULT = new BalancedWeights(0.4, 0.3, 0.3);
    }
}
