package io.llmux.chat;

import io.llmux.routing.RequestRouter;
import io.micronaut.context.annotation.Context;

/**
 * Builds the routing configuration (model groups, every deployment's resilience settings, the
 * default strategy) when the chat function starts, not at its first request: Micronaut creates
 * singletons lazily, and a setting that cannot be right must stop start-up with its name rather
 * than fail requests. In the chat function only: the admin and quota-reset functions share the
 * code but route nothing. Also moves that work before a SnapStart snapshot.
 */
@Context
final class RoutingAtStartUp {

    RoutingAtStartUp(RequestRouter router) {
        // Constructing the router builds ModelGroups and DeploymentStates, which validate their settings.
    }
}
