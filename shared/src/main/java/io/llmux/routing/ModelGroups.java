package io.llmux.routing;

import com.fasterxml.jackson.core.type.TypeReference;
import io.llmux.error.GatewayException;
import io.llmux.json.Json;
import io.llmux.provider.Deployment;
import io.llmux.provider.ModelInfo;
import io.llmux.provider.ModelRouter;
import io.llmux.tokens.ModelPrice;
import io.llmux.tokens.PricingCatalog;
import io.micronaut.context.env.Environment;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model groups of {@code llmux.routing.groups.NAME.*} (indexed properties) and of
 * {@code llmux.routing.groups-json} (one JSON document, handy as an environment variable), read
 * once at start-up. A deployment whose provider is not enabled (no key) is left out with a
 * warning, so one configuration serves machines with different keys; a setting that cannot be
 * right (an unknown strategy, task or fallback group) fails start-up with its name. A member is a
 * chat or an embedding model (its {@code kind}, else its provider's listing); each request is
 * routed over the members of its kind. The resilience settings an entry may carry
 * ({@code max-in-flight}, {@code circuit-breaker.*}...) are read by {@link DeploymentResilience}.
 */
@Singleton
public final class ModelGroups {

    public static final String PREFIX = "llmux.routing.groups";
    public static final String JSON_PROPERTY = "llmux.routing.groups-json";
    private static final Logger LOG = LoggerFactory.getLogger(ModelGroups.class);

    private final Map<String, ModelGroup> groups;

    @Inject
    public ModelGroups(Environment environment, ModelRouter models, PricingCatalog prices, DeploymentStates states) {
        this(definitions(environment), models, prices, states);
    }

    /** @param definitions group name to its settings, as nested maps with kebab-case keys */
    public ModelGroups(Map<String, Map<String, Object>> definitions, ModelRouter models, PricingCatalog prices, DeploymentStates states) {
        Map<String, ModelGroup> built = new LinkedHashMap<>();
        definitions.forEach((name, settings) -> {
            ModelGroup group = group(name, settings, models, prices, states);
            if (group.members().isEmpty()) {
                LOG.atWarn().addKeyValue("group", name).log("Model group has no deployment whose provider is enabled; it is not served");
            } else {
                built.put(name, group);
            }
        });
        for (ModelGroup group : built.values()) {
            List<String> referenced = new ArrayList<>(group.fallbacks());
            if (group.contextWindowFallback() != null) {
                referenced.add(group.contextWindowFallback());
            }
            if (group.contentPolicyFallback() != null) {
                referenced.add(group.contentPolicyFallback());
            }
            for (String other : referenced) {
                if (!definitions.containsKey(other)) {
                    throw new IllegalStateException("Model group '" + group.name() + "' falls back to '" + other
                            + "', which is not a group under " + PREFIX);
                }
            }
        }
        this.groups = Map.copyOf(built);
        if (!groups.isEmpty()) {
            LOG.atInfo().addKeyValue("groups", groups.keySet()).log("Model groups configured");
        }
    }

    /** The group called {@code name}, or null. */
    public ModelGroup byName(String name) {
        return groups.get(name);
    }

    public Map<String, ModelGroup> all() {
        return groups;
    }

    static Map<String, Map<String, Object>> definitions(Environment env) {
        Map<String, Map<String, Object>> definitions = new LinkedHashMap<>();
        String json = env.getProperty(JSON_PROPERTY, String.class).map(String::trim).orElse("");
        if (!json.isEmpty()) {
            definitions.putAll(parseJson(json));
        }
        for (String name : env.getPropertyEntries(PREFIX)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> settings = env.getProperty(PREFIX + "." + name, Map.class).orElse(Map.of());
            definitions.put(name, settings);
        }
        return definitions;
    }

    /** Groups from a JSON object of group name to settings; camelCase keys are read as kebab-case. */
    public static Map<String, Map<String, Object>> parseJson(String json) {
        Map<String, Object> root;
        try {
            root = Json.MAPPER.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (Exception e) {
            throw new IllegalStateException(JSON_PROPERTY + " is not a JSON object of model groups: " + e.getMessage());
        }
        Map<String, Map<String, Object>> definitions = new LinkedHashMap<>();
        root.forEach((name, value) -> {
            if (!(value instanceof Map<?, ?> settings)) {
                throw new IllegalStateException(JSON_PROPERTY + ": group '" + name + "' must be an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> kebab = (Map<String, Object>) kebab(settings);
            definitions.put(name, kebab);
        });
        return definitions;
    }

    private static Object kebab(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k).replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT), kebab(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ModelGroups::kebab).toList();
        }
        return value;
    }

    private static ModelGroup group(String name, Map<String, Object> s, ModelRouter models, PricingCatalog prices,
                                    DeploymentStates states) {
        String at = PREFIX + "." + name;
        RouteStrategy strategy = null;
        Object strategyName = s.get("strategy");
        if (strategyName != null) {
            strategy = RouteStrategy.byName(strategyName.toString());
            if (strategy == null) {
                throw new IllegalStateException(at + ".strategy '" + strategyName + "' is not one of: " + RouteStrategy.names());
            }
        }
        Object deployments = s.get("deployments");
        if (!(deployments instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalStateException(at + ".deployments must list at least one deployment (" + at + ".deployments[0].model=provider/model)");
        }
        List<GroupMember> members = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String where = at + ".deployments[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> d)) {
                throw new IllegalStateException(where + " must have a model");
            }
            GroupMember member = member(where, d, models, prices, states);
            if (member != null) {
                members.add(member);
            }
        }
        Map<?, ?> balanced = s.get("balanced") instanceof Map<?, ?> b ? b : Map.of();
        ModelGroup.BalancedWeights defaults = ModelGroup.BalancedWeights.DEFAULT;
        ModelGroup.BalancedWeights weights = new ModelGroup.BalancedWeights(
                number(balanced.get("quality"), defaults.quality(), at + ".balanced.quality"),
                number(balanced.get("latency"), defaults.latency(), at + ".balanced.latency"),
                number(balanced.get("cost"), defaults.cost(), at + ".balanced.cost"));
        return new ModelGroup(name, members, strategy, weights, list(s.get("fallbacks")),
                text(s.get("context-window-fallback")), text(s.get("content-policy-fallback")));
    }

    private static GroupMember member(String where, Map<?, ?> d, ModelRouter models, PricingCatalog prices, DeploymentStates states) {
        String model = text(d.get("model"));
        if (model == null) {
            throw new IllegalStateException(where + ".model is required (provider/model, or a listed model name)");
        }
        Deployment deployment = deployment(model, models);
        if (deployment == null) {
            LOG.atWarn().addKeyValue("deployment", where).addKeyValue("model", model)
                    .log("Model group member left out: its provider is not enabled, or the model is not served");
            return null;
        }
        ModelInfo.Kind kind = kindOf(deployment);
        String kindName = text(d.get("kind"));
        if (kindName != null) {
            kind = switch (kindName.toLowerCase(Locale.ROOT)) {
                case "chat" -> ModelInfo.Kind.CHAT;
                case "embedding", "embeddings" -> ModelInfo.Kind.EMBEDDING;
                default -> throw new IllegalStateException(where + ".kind '" + kindName + "' is not one of: chat, embedding");
            };
        }
        int weight = (int) number(d.get("weight"), 1, where + ".weight");
        if (weight < 1) {
            throw new IllegalStateException(where + ".weight must be at least 1");
        }
        Capabilities capabilities = new Capabilities((int) number(d.get("context-window"), 0, where + ".context-window"),
                bool(d.get("tools"), true), bool(d.get("vision"), true), bool(d.get("json-mode"), true), bool(d.get("streaming"), true));
        double quality = number(d.get("quality"), 0.5, where + ".quality");
        double cost = number(d.get("cost"), -1, where + ".cost");
        if (cost < 0) {
            cost = prices.priceOf(deployment.upstreamModel())
                    .map(ModelGroups::perMillionUsd).orElse(-1.0);
        }
        EnumSet<TaskType> tasks = EnumSet.noneOf(TaskType.class);
        for (String task : list(d.get("tasks"))) {
            TaskType type = TaskType.byName(task);
            if (type == null) {
                throw new IllegalStateException(where + ".tasks: unknown task '" + task + "'; known: "
                        + Arrays.stream(TaskType.values()).map(TaskType::wireName).toList());
            }
            tasks.add(type);
        }
        return new GroupMember(deployment, weight, capabilities, quality, cost, Set.copyOf(tasks), states.of(id(deployment)), kind);
    }

    /**
     * The deployment a group entry's model names ({@code provider/model}, or a listed bare name of
     * either kind), or null when no enabled provider serves it.
     */
    static Deployment deployment(String model, ModelRouter models) {
        try {
            return resolve(model, models);
        } catch (GatewayException notServed) {
            return null;
        }
    }

    /** Like {@link ModelRouter#resolve}, for a chat or an embedding model alike. */
    static Deployment resolve(String model, ModelRouter models) {
        try {
            return models.resolve(model, ModelInfo.Kind.CHAT);
        } catch (GatewayException e) {
            if ("model_not_supported".equals(e.code())) {
                return models.resolve(model, ModelInfo.Kind.EMBEDDING);
            }
            throw e;
        }
    }

    /** What a deployment serves, as its provider lists the model (its {@code embedding-models}); chat when not listed. */
    static ModelInfo.Kind kindOf(Deployment deployment) {
        for (ModelInfo listed : deployment.provider().models()) {
            if (listed.id().equals(deployment.upstreamModel())) {
                return listed.kind();
            }
        }
        return ModelInfo.Kind.CHAT;
    }

    /** {@code provider/model}: how headers, logs, breakers and configuration name a deployment. */
    static String id(Deployment deployment) {
        return deployment.provider().name() + "/" + deployment.upstreamModel();
    }

    /** Input plus output price, in USD per million tokens. */
    private static double perMillionUsd(ModelPrice price) {
        return (price.inputMicrosPerMillion() + price.outputMicrosPerMillion()) / 1e6;
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString().trim();
        return text.isEmpty() ? null : text;
    }

    private static List<String> list(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> items) {
            return items.stream().map(String::valueOf).map(String::trim).filter(t -> !t.isEmpty()).toList();
        }
        return Arrays.stream(value.toString().split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
    }

    private static double number(Object value, double fallback, String where) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(where + " must be a number, not '" + value + "'");
        }
    }

    private static boolean bool(Object value, boolean fallback) {
        return value == null ? fallback : Boolean.parseBoolean(value.toString().trim());
    }
}
