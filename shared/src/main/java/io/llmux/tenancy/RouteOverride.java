package io.llmux.tenancy;

import java.util.List;

/**
 * A tenant's own version of a model group (or a group of its own): which deployments serve the
 * name for this tenant, in order, and with which strategy.
 *
 * @param strategy    a routing strategy name, or null to keep the group's
 * @param deployments deployment names ({@code provider/model}), or empty to keep the group's
 */
public record RouteOverride(String strategy, List<String> deployments) {

    public RouteOverride {
        deployments = deployments == null ? List.of() : List.copyOf(deployments);
    }
}
