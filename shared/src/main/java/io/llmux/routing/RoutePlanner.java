package io.llmux.routing;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Orders a group's deployments for one request: first drops those that cannot serve it, then
 * puts the members preferred for its task type first, then applies the strategy. Pure and
 * in-memory (no I/O, no lock): {@code RoutingBenchmark} measures it.
 */
public final class RoutePlanner {

    /** What a request can need that a deployment may lack. */
    public enum Need {
        CONTEXT_WINDOW("a larger context window"), STREAMING("streaming"), TOOLS("tools"), VISION("image input"), JSON_MODE("JSON mode");

        private final String label;

        Need(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The members that can serve the request, in configured order; what the others lacked goes to {@code unmet}. */
    public List<GroupMember> eligible(List<GroupMember> members, RequestTraits traits, EnumSet<Need> unmet) {
        List<GroupMember> eligible = new ArrayList<>(members.size());
        for (GroupMember member : members) {
            Need missing = missing(member.capabilities(), traits);
            if (missing == null) {
                eligible.add(member);
            } else {
                unmet.add(missing);
            }
        }
        return eligible;
    }

    private static Need missing(Capabilities caps, RequestTraits traits) {
        if (traits.stream() && !caps.streaming()) {
            return Need.STREAMING;
        }
        if (traits.tools() && !caps.tools()) {
            return Need.TOOLS;
        }
        if (traits.images() && !caps.vision()) {
            return Need.VISION;
        }
        if (traits.json() && !caps.jsonMode()) {
            return Need.JSON_MODE;
        }
        if (!traits.fits(caps.contextWindow())) {
            return Need.CONTEXT_WINDOW;
        }
        return null;
    }

    /**
     * The eligible members ordered for the request (non-empty input).
     *
     * @param task the request's task type, or null when the group does not route by task
     */
    public RoutePlan order(String requested, ModelGroup group, List<GroupMember> eligible, RouteStrategy strategy, TaskType task,
                           boolean stream) {
        List<GroupMember> preferred = eligible;
        List<GroupMember> others = List.of();
        if (task != null) {
            preferred = new ArrayList<>(eligible.size());
            others = new ArrayList<>(eligible.size());
            for (GroupMember member : eligible) {
                (member.tasks().contains(task) ? preferred : others).add(member);
            }
            if (preferred.isEmpty()) {
                preferred = others;
                others = List.of();
            }
        }
        GroupMember[] ordered = preferred.toArray(GroupMember[]::new);
        String reason = switch (strategy) {
            case LATENCY -> byLatency(ordered, stream);
            case COST -> byCost(ordered);
            case QUALITY -> byQuality(ordered);
            case LEAST_BUSY -> byInFlight(ordered);
            case WEIGHTED_ROUND_ROBIN -> byTurn(ordered, group);
            case RANDOM -> byDraw(ordered);
            case BALANCED -> byBalance(ordered, group == null ? ModelGroup.BalancedWeights.DEFAULT : group.weights(), stream);
        };
        List<GroupMember> candidates = new ArrayList<>(eligible.size());
        candidates.addAll(List.of(ordered));
        if (!others.isEmpty()) {
            candidates.addAll(others);
            reason = "preferred for " + task.wireName() + "; " + reason;
        }
        return new RoutePlan(requested, candidates, strategy, reason, task, group);
    }

    private static String byLatency(GroupMember[] members, boolean stream) {
        // Unmeasured deployments go first (as 0 ms): each gets sampled once rather than never.
        sortBy(members, m -> Math.max(0, m.health().latencyMillis(stream)));
        double best = members[0].health().latencyMillis(stream);
        if (best < 0) {
            return "no latency sample yet for " + members[0].id();
        }
        return (stream && members[0].health().firstTokenMillis() >= 0 ? "lowest ttft ewma " : "lowest total-time ewma ") + millis(best);
    }

    private static String byCost(GroupMember[] members) {
        sortBy(members, m -> m.cost() < 0 ? Double.MAX_VALUE : m.cost());
        double cost = members[0].cost();
        return cost < 0 ? "no price known for any deployment" : "lowest cost " + usd(cost) + "/Mtok";
    }

    private static String byQuality(GroupMember[] members) {
        sortBy(members, m -> -m.quality());
        return "highest quality " + decimal(members[0].quality());
    }

    private static String byInFlight(GroupMember[] members) {
        sortBy(members, m -> m.health().inFlight());
        return "fewest in flight (" + members[0].health().inFlight() + ")";
    }

    /** Members take turns in proportion to their weights; the rest follow in configured order. */
    private static String byTurn(GroupMember[] members, ModelGroup group) {
        long total = 0;
        for (GroupMember member : members) {
            total += member.weight();
        }
        long turn = Math.floorMod(group == null ? 0 : group.turns().getAndIncrement(), total);
        int chosen = pick(members, turn);
        rotateToFront(members, chosen);
        return "weighted turn " + (turn + 1) + "/" + total;
    }

    private static String byDraw(GroupMember[] members) {
        long total = 0;
        for (GroupMember member : members) {
            total += member.weight();
        }
        rotateToFront(members, pick(members, ThreadLocalRandom.current().nextLong(total)));
        return "weighted random draw";
    }

    /**
     * Quality, latency and cost, each scaled to 0..1 across the candidates (1 best), weighted. An
     * unknown latency or price scores as the best: an unmeasured deployment gets tried.
     */
    private static String byBalance(GroupMember[] members, ModelGroup.BalancedWeights weights, boolean stream) {
        double minLatency = Double.MAX_VALUE;
        double maxLatency = 0;
        double minCost = Double.MAX_VALUE;
        double maxCost = 0;
        for (GroupMember member : members) {
            double latency = member.health().latencyMillis(stream);
            if (latency >= 0) {
                minLatency = Math.min(minLatency, latency);
                maxLatency = Math.max(maxLatency, latency);
            }
            if (member.cost() >= 0) {
                minCost = Math.min(minCost, member.cost());
                maxCost = Math.max(maxCost, member.cost());
            }
        }
        double[] scores = new double[members.length];
        for (int i = 0; i < members.length; i++) {
            GroupMember m = members[i];
            scores[i] = weights.quality() * m.quality()
                    + weights.latency() * scaledBest(m.health().latencyMillis(stream), minLatency, maxLatency)
                    + weights.cost() * scaledBest(m.cost(), minCost, maxCost);
        }
        // Insertion sort on the scores (highest first), stable: ties keep configured order.
        for (int i = 1; i < members.length; i++) {
            GroupMember member = members[i];
            double score = scores[i];
            int j = i - 1;
            while (j >= 0 && scores[j] < score) {
                members[j + 1] = members[j];
                scores[j + 1] = scores[j];
                j--;
            }
            members[j + 1] = member;
            scores[j + 1] = score;
        }
        GroupMember best = members[0];
        double latency = best.health().latencyMillis(stream);
        return "highest balanced score " + decimal(scores[0]) + " (quality " + decimal(best.quality())
                + ", latency " + (latency < 0 ? "unmeasured" : millis(latency))
                + ", cost " + (best.cost() < 0 ? "unknown" : usd(best.cost()) + "/Mtok") + ")";
    }

    /** 1 for the lowest value, 0 for the highest, 1 when unknown (negative) or when all are equal. */
    private static double scaledBest(double value, double min, double max) {
        if (value < 0 || max <= min) {
            return 1;
        }
        return (max - value) / (max - min);
    }

    private static int pick(GroupMember[] members, long ticket) {
        long cumulative = 0;
        for (int i = 0; i < members.length; i++) {
            cumulative += members[i].weight();
            if (ticket < cumulative) {
                return i;
            }
        }
        return members.length - 1;
    }

    private static void rotateToFront(GroupMember[] members, int index) {
        GroupMember chosen = members[index];
        System.arraycopy(members, 0, members, 1, index);
        members[0] = chosen;
    }

    private interface Key {
        double of(GroupMember member);
    }

    /** Stable insertion sort, ascending: a group has a handful of members, and ties keep configured order. */
    private static void sortBy(GroupMember[] members, Key key) {
        double[] keys = new double[members.length];
        for (int i = 0; i < members.length; i++) {
            keys[i] = key.of(members[i]);
        }
        for (int i = 1; i < members.length; i++) {
            GroupMember member = members[i];
            double k = keys[i];
            int j = i - 1;
            while (j >= 0 && keys[j] > k) {
                members[j + 1] = members[j];
                keys[j + 1] = keys[j];
                j--;
            }
            members[j + 1] = member;
            keys[j + 1] = k;
        }
    }

    private static String millis(double ms) {
        return Math.round(ms) + "ms";
    }

    /** Two decimals without String.format, which costs a microsecond a call on this path. */
    static String decimal(double value) {
        long hundredths = Math.round(Math.abs(value) * 100);
        long fraction = hundredths % 100;
        return (value < 0 && hundredths != 0 ? "-" : "") + hundredths / 100 + (fraction < 10 ? ".0" : ".") + fraction;
    }

    private static String usd(double value) {
        return "$" + decimal(value);
    }
}
