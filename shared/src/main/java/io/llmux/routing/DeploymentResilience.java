package io.llmux.routing;

import io.llmux.provider.Deployment;
import io.llmux.provider.ModelRouter;
import io.llmux.provider.ProviderConfig;
import io.micronaut.context.env.Environment;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which resilience settings each deployment ({@code provider/model}) gets, decided once at
 * start-up, first to last: what the group entries naming it set
 * ({@code llmux.routing.groups.G.deployments[i].max-in-flight}, {@code .circuit-breaker.open-for}...),
 * its provider's {@code llmux.providers.NAME.resilience.*}, and the gateway's
 * {@code llmux.routing.resilience.*}. Each setting falls back on its own.
 *
 * <p>A deployment has one breaker, one bulkhead and one set of latency averages however many
 * groups name it, so its settings cannot differ by group: an entry that sets a key applies it
 * wherever the deployment is used, and two entries that set the same key to different values fail
 * start-up, naming both.
 */
public final class DeploymentResilience {

    public static final String PROVIDER_PREFIX = ProviderConfig.PREFIX;

    private final ResilienceSettings global;
    private final Map<String, ResilienceSettings> byProvider;
    private final Map<String, ResilienceSettings> byDeployment;

    private DeploymentResilience(ResilienceSettings global, Map<String, ResilienceSettings> byProvider,
                                 Map<String, ResilienceSettings> byDeployment) {
        this.global = global;
        this.byProvider = Map.copyOf(byProvider);
        this.byDeployment = Map.copyOf(byDeployment);
    }

    /** The same settings for every deployment. */
    public static DeploymentResilience uniform(ResilienceSettings global) {
        return new DeploymentResilience(global, Map.of(), Map.of());
    }

    /** From configuration: the gateway's settings, every provider's {@code resilience.*}, and the group entries. */
    public static DeploymentResilience from(Environment env, ModelRouter models) {
        Map<String, Map<String, Object>> providers = new LinkedHashMap<>();
        for (String name : env.getPropertyEntries("llmux.providers")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> settings = env.getProperty(PROVIDER_PREFIX + name + ".resilience", Map.class).orElse(Map.of());
            if (!settings.isEmpty()) {
                providers.put(name, settings);
            }
        }
        return of(ResilienceSettings.from(env), providers, ModelGroups.definitions(env), models);
    }

    /**
     * @param providers provider name to its {@code resilience.*} settings (nested maps or dotted keys)
     * @param groups    the model groups' definitions, as {@link ModelGroups} reads them
     * @throws IllegalStateException naming the setting, for an unknown key, a value of the wrong type or
     *                               out of range, or two group entries that set one deployment differently
     */
    public static DeploymentResilience of(ResilienceSettings global, Map<String, Map<String, Object>> providers,
                                          Map<String, Map<String, Object>> groups, ModelRouter models) {
        Map<String, ResilienceSettings> byProvider = new HashMap<>();
        providers.forEach((name, raw) -> {
            String at = PROVIDER_PREFIX + name + ".resilience";
            Map<String, Object> overrides = new LinkedHashMap<>();
            flatten("", raw).forEach((key, value) -> {
                if (!ResilienceSettings.DEPLOYMENT_KEYS.contains(key)) {
                    throw new IllegalStateException(at + "." + key + " is not a per-deployment resilience setting; known: "
                            + ResilienceSettings.DEPLOYMENT_KEYS);
                }
                overrides.put(key, ResilienceSettings.parse(key, value, at + "." + key));
            });
            byProvider.put(name, global.with(overrides, at));
        });

        Map<String, Map<String, Setting>> entries = new LinkedHashMap<>();
        groups.forEach((group, settings) -> {
            if (!(settings.get("deployments") instanceof List<?> deployments)) {
                return; // ModelGroups reports it
            }
            for (int i = 0; i < deployments.size(); i++) {
                if (!(deployments.get(i) instanceof Map<?, ?> entry) || entry.get("model") == null) {
                    continue; // idem
                }
                Deployment deployment = ModelGroups.deployment(entry.get("model").toString().trim(), models);
                if (deployment == null) {
                    continue; // provider not enabled here: the entry is left out, with its settings
                }
                String id = ModelGroups.id(deployment);
                String where = ModelGroups.PREFIX + "." + group + ".deployments[" + i + "]";
                Map<String, Setting> set = entries.computeIfAbsent(id, ignored -> new LinkedHashMap<>());
                flatten("", entry).forEach((key, raw) -> {
                    if (!ResilienceSettings.DEPLOYMENT_KEYS.contains(key)) {
                        if (key.startsWith("circuit-breaker.") || key.equals("max-fallback-groups")) {
                            throw new IllegalStateException(where + "." + key + " is not a per-deployment resilience setting; known: "
                                    + ResilienceSettings.DEPLOYMENT_KEYS);
                        }
                        return; // a routing setting of the entry (model, weight, quality...)
                    }
                    Setting setting = new Setting(ResilienceSettings.parse(key, raw, where + "." + key), where + "." + key);
                    Setting earlier = set.putIfAbsent(key, setting);
                    if (earlier != null && !earlier.value().equals(setting.value())) {
                        throw new IllegalStateException("Deployment " + id + " has one circuit breaker and bulkhead whichever group "
                                + "names it, but " + earlier.where() + "=" + raw(earlier) + " and " + setting.where() + "=" + raw(setting)
                                + " disagree: set it once, or alike in every group (or under " + PROVIDER_PREFIX
                                + deployment.provider().name() + ".resilience." + key + " for the whole provider)");
                    }
                });
            }
        });
        Map<String, ResilienceSettings> byDeployment = new HashMap<>();
        entries.forEach((id, set) -> {
            if (set.isEmpty()) {
                return;
            }
            Map<String, Object> overrides = new LinkedHashMap<>();
            set.forEach((key, setting) -> overrides.put(key, setting.value()));
            String provider = id.substring(0, id.indexOf('/'));
            byDeployment.put(id, byProvider.getOrDefault(provider, global).with(overrides, "deployment " + id));
        });
        return new DeploymentResilience(global, byProvider, byDeployment);
    }

    /** The gateway-wide settings (what a request's fallbacks are bounded by, and every deployment's default). */
    public ResilienceSettings global() {
        return global;
    }

    /** The settings of deployment {@code provider/model}. */
    public ResilienceSettings settingsFor(String id) {
        ResilienceSettings own = byDeployment.get(id);
        if (own != null) {
            return own;
        }
        int slash = id.indexOf('/');
        return slash > 0 ? byProvider.getOrDefault(id.substring(0, slash), global) : global;
    }

    /** One group entry's value of a setting, and where it was written. */
    private record Setting(Object value, String where) {
    }

    private static String raw(Setting setting) {
        return setting.value() instanceof java.time.Duration d ? d.toMillis() + "ms" : String.valueOf(setting.value());
    }

    /** Nested maps (properties, JSON) and dotted keys alike, as dotted keys: {@code circuit-breaker.open-for}. */
    private static Map<String, Object> flatten(String prefix, Map<?, ?> map) {
        Map<String, Object> flat = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            String name = prefix + key;
            if (value instanceof Map<?, ?> nested) {
                flat.putAll(flatten(name + ".", nested));
            } else {
                flat.put(name, value);
            }
        });
        return flat;
    }
}
