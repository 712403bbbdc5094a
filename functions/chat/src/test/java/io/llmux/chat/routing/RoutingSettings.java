package io.llmux.chat.routing;

import java.util.HashMap;
import java.util.Map;

/**
 * The routing properties a {@link FakeDeployments} gateway starts with, written as a test's
 * scenario: gateway resilience by key, provider settings, and groups whose members are added in
 * order, each member's {@code deployments[i]} index counted here rather than typed. It exists
 * because each routing test spelt out long runs of flat property names that differed only in
 * group, index and value, so the scenario was hard to see and the set-ups read as copies of each
 * other. It only builds the map: what a key means is the gateway's business
 * ({@code ResilienceSettings}, {@code ModelGroups}).
 */
final class RoutingSettings {

    private final Map<String, Object> properties = new HashMap<>();

    /** {@code llmux.routing.resilience.KEY}, e.g. {@code "max-retries"} or {@code "circuit-breaker.open-for"}. */
    RoutingSettings resilience(String key, String value) {
        return put("llmux.routing.resilience." + key, value);
    }

    /** Retries 10 ms apart, at most 20 ms: the default backoff (200 ms to 2 s) would make failover tests slow. */
    RoutingSettings fastBackoff() {
        return resilience("backoff", "10ms").resilience("max-backoff", "20ms");
    }

    /** {@code llmux.providers.PROVIDER.KEY}, e.g. {@code provider("gamma", "resilience.max-retries", "1")}. */
    RoutingSettings provider(String provider, String key, String value) {
        return put("llmux.providers." + provider + "." + key, value);
    }

    /** A new group; its settings and members go into these properties as they are added. */
    Group group(String name) {
        return new Group("llmux.routing.groups." + name + ".");
    }

    Map<String, Object> properties() {
        return Map.copyOf(properties);
    }

    private RoutingSettings put(String key, String value) {
        // the maps these replace were Map.of/ofEntries, which refuse a key twice; so does this
        if (properties.putIfAbsent(key, value) != null) {
            throw new IllegalArgumentException("set twice: " + key);
        }
        return this;
    }

    /** One {@code llmux.routing.groups.NAME}: its own settings and its members in order. */
    final class Group {

        private final String prefix;
        private int members;

        private Group(String prefix) {
            this.prefix = prefix;
        }

        Group strategy(String strategy) {
            return set("strategy", strategy);
        }

        /** Comma-separated group names, tried in order when every member has failed. */
        Group fallbacks(String groups) {
            return set("fallbacks", groups);
        }

        /** Any other group key, e.g. {@code "context-window-fallback"}. */
        Group set(String key, String value) {
            put(prefix + key, value);
            return this;
        }

        /**
         * The next deployment, {@code deployments[i].model}, with its own settings as key, value
         * pairs: {@code member(ALPHA, "quality", "0.9", "cost", "10")}.
         */
        Group member(String model, String... settings) {
            if (settings.length % 2 != 0) {
                throw new IllegalArgumentException("settings go in key, value pairs: " + String.join(", ", settings));
            }
            String deployment = "deployments[" + members++ + "].";
            set(deployment + "model", model);
            for (int i = 0; i < settings.length; i += 2) {
                set(deployment + settings[i], settings[i + 1]);
            }
            return this;
        }
    }
}
