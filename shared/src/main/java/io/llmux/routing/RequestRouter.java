package io.llmux.routing;

import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.llmux.openai.ChatRequest;
import io.llmux.pipeline.ModelAccess;
import io.llmux.provider.Deployment;
import io.llmux.provider.ModelInfo;
import io.llmux.provider.ModelRouter;
import io.llmux.tenancy.Principal;
import io.llmux.tenancy.RouteOverride;
import io.llmux.tenancy.TenantSettings;
import io.llmux.tokens.TokenCounter;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Plans a request's route: which group its model names (the tenant's override of it, if any),
 * which members are of the request's kind (chat, or embeddings), which of those the caller may use
 * and can serve the request, in what order. A model name that is not a group resolves as before
 * ({@code provider/model}, a listed bare name) to a plan of one deployment.
 *
 * <p>The strategy is the first of: the request's {@code x-llmux-route-strategy} header, the
 * tenant's override of the group, the tenant's {@code default_routing}, the group's own, and
 * {@code llmux.routing.default-strategy} (balanced).
 */
@Singleton
public final class RequestRouter {

    private final ModelGroups groups;
    private final ModelAccess access;
    private final ModelRouter models;
    private final DeploymentStates states;
    private final TokenCounter tokens;
    private final TaskClassifier classifier = new TaskClassifier();
    private final RoutePlanner planner = new RoutePlanner();
    private final RouteStrategy defaultStrategy;
    /** Tenants' overridden groups, built once per (tenant, group, override): their round-robin turns must persist. */
    private final Map<OverrideKey, ModelGroup> overridden = new ConcurrentHashMap<>();

    private record OverrideKey(String tenantId, String group, RouteOverride override) {
    }

    @Inject
    public RequestRouter(ModelGroups groups, ModelAccess access, ModelRouter models, DeploymentStates states, TokenCounter tokens,
                         @Value("${llmux.routing.default-strategy:balanced}") String defaultStrategy) {
        this.groups = groups;
        this.access = access;
        this.models = models;
        this.states = states;
        this.tokens = tokens;
        this.defaultStrategy = RouteStrategy.byName(defaultStrategy);
        if (this.defaultStrategy == null) {
            throw new IllegalStateException("llmux.routing.default-strategy '" + defaultStrategy + "' is not one of: " + RouteStrategy.names());
        }
    }

    /**
     * The route of one request, planned now (so a request no deployment can serve is refused
     * before it counts against limits), with its fallbacks planned on demand.
     *
     * @param strategyHeader the request's x-llmux-route-strategy value, or null
     * @throws GatewayException 400 for an unknown strategy or a request no member can serve, 403
     *                          for a model the key may not use, 404 for an unknown model
     */
    public Route route(Principal principal, ChatRequest request, String strategyHeader) {
        RouteStrategy requested = RouteStrategy.fromHeader(strategyHeader);
        ModelGroup group = groupFor(principal, request.model());
        RequestTraits traits = new RequestTraits(request, tokens);
        if (group == null) {
            return direct(principal, request.model(), traits, ModelInfo.Kind.CHAT, requested);
        }
        return new Route(this, principal, traits, ModelInfo.Kind.CHAT, requested,
                plan(principal, group, traits, ModelInfo.Kind.CHAT, requested, request.model()));
    }

    /**
     * The route of an embeddings request: over the embedding models of the group its model names,
     * with no capability filter and no task type (neither applies to embeddings).
     *
     * @throws GatewayException as {@link #route}, and 400 {@code model_not_supported} for a group with no embedding model
     */
    public Route routeEmbeddings(Principal principal, String model, String strategyHeader) {
        RouteStrategy requested = RouteStrategy.fromHeader(strategyHeader);
        ModelGroup group = groupFor(principal, model);
        if (group == null) {
            return direct(principal, model, null, ModelInfo.Kind.EMBEDDING, requested);
        }
        return new Route(this, principal, null, ModelInfo.Kind.EMBEDDING, requested,
                plan(principal, group, null, ModelInfo.Kind.EMBEDDING, requested, model));
    }

    private Route direct(Principal principal, String model, RequestTraits traits, ModelInfo.Kind kind, RouteStrategy requested) {
        Deployment deployment = access.resolve(principal, model, kind);
        RoutePlan direct = new RoutePlan(model, List.of(member(deployment, kind)), requested != null ? requested : defaultStrategy,
                "model names one deployment", null, null);
        return new Route(this, principal, traits, kind, requested, direct);
    }

    /** The plan for a fallback group, or null when it is not a group or none of its members can serve the request. */
    RoutePlan fallbackPlan(Principal principal, String groupName, RequestTraits traits, ModelInfo.Kind kind, RouteStrategy requested) {
        ModelGroup group = groupFor(principal, groupName);
        if (group == null) {
            return null;
        }
        try {
            return plan(principal, group, traits, kind, requested, groupName);
        } catch (GatewayException cannotServe) {
            return null;
        }
    }

    /** @param traits the chat request's traits; null for embeddings (no capability to check) */
    private RoutePlan plan(Principal principal, ModelGroup group, RequestTraits traits, ModelInfo.Kind kind, RouteStrategy requested,
                           String asked) {
        List<GroupMember> allowed = new ArrayList<>(group.members().size());
        boolean anyOfKind = false;
        for (GroupMember member : group.members()) {
            if (member.kind() != kind) {
                continue;
            }
            anyOfKind = true;
            if (principal.mayUse(asked, member.id())) {
                allowed.add(member);
            }
        }
        if (!anyOfKind) {
            throw new GatewayException(ErrorType.INVALID_REQUEST, "The model '" + asked + "' is a group of "
                    + (kind == ModelInfo.Kind.CHAT ? "embedding models and cannot serve chat completions."
                    : "chat models and cannot compute embeddings."), "model", "model_not_supported", null);
        }
        if (allowed.isEmpty()) {
            throw new GatewayException(ErrorType.PERMISSION, "This API key may not use the model '" + asked + "'.",
                    "model", "model_not_allowed", null);
        }
        RouteStrategy strategy = strategy(principal, group, requested);
        if (traits == null) {
            return planner.order(asked, group, allowed, strategy, null, false);
        }
        EnumSet<RoutePlanner.Need> unmet = EnumSet.noneOf(RoutePlanner.Need.class);
        List<GroupMember> eligible = planner.eligible(allowed, traits, unmet);
        if (eligible.isEmpty()) {
            if (unmet.equals(EnumSet.of(RoutePlanner.Need.CONTEXT_WINDOW)) && group.contextWindowFallback() != null) {
                RoutePlan larger = fallbackPlan(principal, group.contextWindowFallback(), traits, kind, requested);
                if (larger != null) {
                    return new RoutePlan(larger.requested(), larger.candidates(), larger.strategy(),
                            larger.reason() + "; context-window-fallback-from=" + group.name(), larger.task(), larger.group());
                }
            }
            throw cannotServe(group.name(), unmet, traits);
        }
        TaskType task = group.usesTasks() ? classifier.classify(traits.request()) : null;
        return planner.order(asked, group, eligible, strategy, task, traits.stream());
    }

    private RouteStrategy strategy(Principal principal, ModelGroup group, RouteStrategy requested) {
        if (requested != null) {
            return requested;
        }
        TenantSettings settings = principal.tenant().settings();
        RouteOverride override = settings == null || settings.routes() == null ? null : settings.routes().get(group.name());
        RouteStrategy tenants = override == null ? null : RouteStrategy.byName(override.strategy());
        if (tenants != null) {
            return tenants;
        }
        RouteStrategy tenantDefault = settings == null ? null : RouteStrategy.byName(settings.defaultRouting());
        if (tenantDefault != null) {
            return tenantDefault;
        }
        return group.strategy() != null ? group.strategy() : defaultStrategy;
    }

    /** The group a name stands for, for this tenant: its override when it has one, else the configured group, else null. */
    private ModelGroup groupFor(Principal principal, String name) {
        ModelGroup configured = groups.byName(name);
        TenantSettings settings = principal.tenant().settings();
        RouteOverride override = settings == null || settings.routes() == null ? null : settings.routes().get(name);
        if (override == null || override.deployments().isEmpty()) {
            return configured;
        }
        return overridden.computeIfAbsent(new OverrideKey(principal.tenantId(), name, override), key -> overriddenGroup(name, configured, override));
    }

    private ModelGroup overriddenGroup(String name, ModelGroup configured, RouteOverride override) {
        List<GroupMember> members = new ArrayList<>();
        for (String deployment : override.deployments()) {
            GroupMember known = configured == null ? null
                    : configured.members().stream().filter(m -> m.id().equals(deployment)).findFirst().orElse(null);
            if (known != null) {
                members.add(known);
            } else {
                Deployment resolved = ModelGroups.resolve(deployment, models);
                members.add(member(resolved, ModelGroups.kindOf(resolved)));
            }
        }
        if (configured == null) {
            return new ModelGroup(name, members, null, ModelGroup.BalancedWeights.DEFAULT, List.of(), null, null);
        }
        return new ModelGroup(name, members, configured.strategy(), configured.weights(), configured.fallbacks(),
                configured.contextWindowFallback(), configured.contentPolicyFallback());
    }

    /** A deployment outside any group: no capability is known, so none is checked. */
    private GroupMember member(Deployment deployment, ModelInfo.Kind kind) {
        return new GroupMember(deployment, 1, Capabilities.ANY, 0.5, -1, Set.of(), states.of(ModelGroups.id(deployment)), kind);
    }

    private static GatewayException cannotServe(String group, EnumSet<RoutePlanner.Need> unmet, RequestTraits traits) {
        String needs = unmet.stream().map(need -> need == RoutePlanner.Need.CONTEXT_WINDOW
                ? "a context window above " + traits.promptTokens() + " prompt tokens" : need.label()).collect(Collectors.joining(", "));
        return new GatewayException(ErrorType.INVALID_REQUEST, "No deployment of the model '" + group
                + "' can serve this request: it needs " + needs + ".", "model", "no_capable_deployment", null);
    }
}
