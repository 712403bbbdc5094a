package io.llmux.admin.http;

import io.llmux.admin.api.BudgetsInput;
import io.llmux.admin.api.CachePolicyInput;
import io.llmux.admin.api.LimitsInput;
import io.llmux.admin.api.RouteOverrideInput;
import io.llmux.admin.api.TenantSettingsInput;
import io.llmux.error.GatewayException;
import io.llmux.tenancy.ApiKey;
import io.llmux.tenancy.Budgets;
import io.llmux.tenancy.CachePolicy;
import io.llmux.tenancy.Limits;
import io.llmux.tenancy.RouteOverride;
import io.llmux.routing.RouteStrategy;
import io.llmux.tenancy.TenantSettings;
import io.llmux.tenancy.TenantStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The admin API's input rules: turns request records into domain values, or fails with a 400
 * that names the offending field. Bounds keep every stored item small (a DynamoDB item is at most
 * 400 KB) and every listing cheap.
 */
final class AdminInput {

    static final int MAX_NAME = 128;
    static final int MAX_MODELS = 100;
    static final int MAX_MODEL = 200;
    static final int MAX_ROUTING = 64;
    static final int MAX_ROUTES = 20;
    static final int MAX_ROUTE_DEPLOYMENTS = 20;
    static final int MAX_METADATA_ENTRIES = 50;
    static final int MAX_METADATA_KEY = 64;
    static final int MAX_METADATA_VALUE = 512;
    static final int MAX_CACHE_TTL_SECONDS = 7 * 24 * 3600;
    static final Set<String> SCOPES = Set.of(ApiKey.SCOPE_INFERENCE);
    static final List<String> PERIODS = List.of("daily", "weekly", "monthly");

    private AdminInput() {
    }

    static String requiredName(String name, String param) {
        if (name == null) {
            throw GatewayException.invalid(param, "'" + param + "' is required.");
        }
        return name(name, param);
    }

    /** A display name: 1 to 128 characters, not blank, no control characters. */
    static String name(String name, String param) {
        if (name == null) {
            return null;
        }
        String trimmed = name.strip();
        if (trimmed.isEmpty()) {
            throw GatewayException.invalid(param, "'" + param + "' must not be blank.");
        }
        if (trimmed.length() > MAX_NAME) {
            throw GatewayException.invalid(param, "'" + param + "' must be at most " + MAX_NAME + " characters long.");
        }
        noControlCharacters(trimmed, param);
        return trimmed;
    }

    static TenantStatus status(String status) {
        if (status == null) {
            return null;
        }
        return switch (status) {
            case "active" -> TenantStatus.ACTIVE;
            case "suspended" -> TenantStatus.SUSPENDED;
            default -> throw GatewayException.invalid("status", "'status' must be 'active' or 'suspended'.");
        };
    }

    /** Settings for a new tenant: the given fields over the defaults. */
    static TenantSettings settings(TenantSettingsInput body) {
        return settings(body, TenantSettings.DEFAULTS, null);
    }

    /**
     * Settings after a change: each field the request carries (present in {@code present}, even as
     * null) replaces the current one; the others stay. A null {@code present} means every non-null field.
     */
    static TenantSettings settings(TenantSettingsInput body, TenantSettings current, Set<String> present) {
        if (body == null) {
            return current;
        }
        return new TenantSettings(
                given(present, "allowed_models", body.allowedModels()) ? models(body.allowedModels(), "settings.allowed_models") : current.allowedModels(),
                given(present, "default_routing", body.defaultRouting()) ? routing(body.defaultRouting()) : current.defaultRouting(),
                given(present, "limits", body.limits()) ? limits(body.limits(), "settings.limits") : current.limits(),
                given(present, "budgets", body.budgets()) ? budgets(body.budgets(), "settings.budgets") : current.budgets(),
                given(present, "time_zone", body.timeZone()) ? timeZone(body.timeZone()) : current.timeZone(),
                given(present, "cache", body.cache()) ? cache(body.cache(), "settings.cache") : current.cache(),
                given(present, "routes", body.routes()) ? routes(body.routes()) : current.routes());
    }

    private static boolean given(Set<String> present, String field, Object value) {
        return present == null ? value != null : present.contains(field);
    }

    static List<String> models(List<String> models, String param) {
        if (models == null) {
            return List.of();
        }
        if (models.size() > MAX_MODELS) {
            throw GatewayException.invalid(param, "'" + param + "' may list at most " + MAX_MODELS + " models.");
        }
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        for (int i = 0; i < models.size(); i++) {
            String model = models.get(i);
            String at = param + "[" + i + "]";
            if (model == null || model.isBlank()) {
                throw GatewayException.invalid(at, "'" + at + "' must be a model name, such as 'mock-chat', 'openai/gpt-4o' or 'gpt-4o*'.");
            }
            if (model.length() > MAX_MODEL) {
                throw GatewayException.invalid(at, "'" + at + "' must be at most " + MAX_MODEL + " characters long.");
            }
            if (model.indexOf('*') >= 0 && model.indexOf('*') != model.length() - 1) {
                throw GatewayException.invalid(at, "'" + at + "' may only end with '*' (a prefix match).");
            }
            noControlCharacters(model, at);
            distinct.add(model.strip());
        }
        return List.copyOf(distinct);
    }

    private static String routing(String routing) {
        if (routing == null) {
            return null;
        }
        return strategy(routing, "settings.default_routing");
    }

    /** A routing strategy's name, or a 400 listing them: an unknown one would be ignored at routing time. */
    private static String strategy(String name, String param) {
        if (name.length() > MAX_ROUTING || RouteStrategy.byName(name) == null) {
            throw GatewayException.invalid(param, "'" + param + "' must be a routing strategy: " + RouteStrategy.names() + ".");
        }
        return RouteStrategy.byName(name).wireName();
    }

    /** Tenant overrides of model groups: at most 20 groups of at most 20 deployments each. */
    static Map<String, RouteOverride> routes(Map<String, RouteOverrideInput> routes) {
        if (routes == null || routes.isEmpty()) {
            return null;
        }
        if (routes.size() > MAX_ROUTES) {
            throw GatewayException.invalid("settings.routes", "'settings.routes' may override at most " + MAX_ROUTES + " groups.");
        }
        Map<String, RouteOverride> valid = new java.util.TreeMap<>();
        routes.forEach((group, body) -> {
            String at = "settings.routes." + group;
            if (group.isBlank() || group.length() > MAX_ROUTING || !group.matches("[A-Za-z0-9_.:/-]+")) {
                throw GatewayException.invalid("settings.routes", "Each 'settings.routes' key must be a model group name "
                        + "(letters, digits, '_', '-', '.', ':', '/'; at most " + MAX_ROUTING + ").");
            }
            if (body == null) {
                throw GatewayException.invalid(at, "'" + at + "' must be an object with 'strategy' and/or 'deployments'.");
            }
            String strategy = body.strategy() == null ? null : strategy(body.strategy(), at + ".strategy");
            List<String> deployments = models(body.deployments(), at + ".deployments");
            if (deployments.size() > MAX_ROUTE_DEPLOYMENTS) {
                throw GatewayException.invalid(at + ".deployments", "'" + at + ".deployments' may list at most " + MAX_ROUTE_DEPLOYMENTS + ".");
            }
            for (int i = 0; i < deployments.size(); i++) {
                if (deployments.get(i).indexOf('*') >= 0) {
                    throw GatewayException.invalid(at + ".deployments[" + i + "]", "'" + at + ".deployments[" + i
                            + "]' must name a deployment (provider/model), not a pattern.");
                }
            }
            if (strategy == null && deployments.isEmpty()) {
                throw GatewayException.invalid(at, "'" + at + "' must set 'strategy' or 'deployments'.");
            }
            valid.put(group, new RouteOverride(strategy, deployments));
        });
        return valid;
    }

    static Limits limits(LimitsInput body, String param) {
        if (body == null) {
            return Limits.NONE;
        }
        return new Limits(positive(body.requestsPerMinute(), param + ".requests_per_minute"),
                positive(body.tokensPerMinute(), param + ".tokens_per_minute"),
                positive(body.maxInFlight(), param + ".max_in_flight"));
    }

    /** A cache policy, or null (inherit) for none; a TTL from one second to seven days. */
    static CachePolicy cache(CachePolicyInput body, String param) {
        if (body == null) {
            return null;
        }
        Integer ttl = body.ttlSeconds();
        if (ttl != null && (ttl < 1 || ttl > MAX_CACHE_TTL_SECONDS)) {
            throw GatewayException.invalid(param + ".ttl_seconds",
                    "'" + param + ".ttl_seconds' must be from 1 to " + MAX_CACHE_TTL_SECONDS + " seconds (or null to inherit).");
        }
        return new CachePolicy(body.enabled(), ttl);
    }

    static Budgets budgets(BudgetsInput body, String param) {
        if (body == null) {
            return Budgets.NONE;
        }
        String period = body.period() == null ? Budgets.NONE.period() : body.period();
        if (!PERIODS.contains(period)) {
            throw GatewayException.invalid(param + ".period", "'" + param + ".period' must be one of " + PERIODS + ".");
        }
        return new Budgets(period, nonNegative(body.tokens(), param + ".tokens"), nonNegative(body.costMicros(), param + ".cost_micros"),
                body.hardCap() == null || body.hardCap());
    }

    /** An IANA zone name (Europe/Paris, UTC); offsets such as +02:00 are refused, they ignore summer time. */
    static String timeZone(String zone) {
        if (zone == null) {
            return TenantSettings.DEFAULTS.timeZone();
        }
        if (!ZoneId.getAvailableZoneIds().contains(zone)) {
            throw GatewayException.invalid("settings.time_zone",
                    "'settings.time_zone' must be an IANA time zone such as 'UTC' or 'Europe/Paris'.");
        }
        return zone;
    }

    static Map<String, String> metadata(Map<String, String> metadata) {
        if (metadata == null) {
            return null;
        }
        if (metadata.size() > MAX_METADATA_ENTRIES) {
            throw GatewayException.invalid("metadata", "'metadata' may hold at most " + MAX_METADATA_ENTRIES + " entries.");
        }
        metadata.forEach((key, value) -> {
            String at = "metadata." + key;
            if (key.isEmpty() || key.length() > MAX_METADATA_KEY) {
                throw GatewayException.invalid("metadata", "Each 'metadata' key must be 1 to " + MAX_METADATA_KEY + " characters long.");
            }
            noControlCharacters(key, "metadata");
            if (value == null) {
                throw GatewayException.invalid(at, "'" + at + "' must be a string.");
            }
            if (value.length() > MAX_METADATA_VALUE) {
                throw GatewayException.invalid(at, "'" + at + "' must be at most " + MAX_METADATA_VALUE + " characters long.");
            }
        });
        return Map.copyOf(metadata);
    }

    static Set<String> scopes(List<String> scopes) {
        if (scopes == null || scopes.isEmpty()) {
            return Set.of(ApiKey.SCOPE_INFERENCE);
        }
        for (int i = 0; i < scopes.size(); i++) {
            if (!SCOPES.contains(scopes.get(i))) {
                throw GatewayException.invalid("scopes[" + i + "]", "'scopes[" + i + "]' must be one of " + SCOPES + ".");
            }
        }
        return Set.copyOf(scopes);
    }

    /** An RFC 3339 instant in the future, or null. */
    static Instant expiresAt(String value, Instant now) {
        if (value == null) {
            return null;
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw GatewayException.invalid("expires_at", "'expires_at' must be an RFC 3339 date-time such as '2030-01-31T12:00:00Z'.");
        }
        if (!instant.isAfter(now)) {
            throw GatewayException.invalid("expires_at", "'expires_at' must be in the future.");
        }
        return instant;
    }

    /** A page size: 1 to 100, 20 when absent. */
    static int limit(String value) {
        if (value == null || value.isEmpty()) {
            return 20;
        }
        int limit;
        try {
            limit = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw GatewayException.invalid("limit", "'limit' must be an integer from 1 to 100.");
        }
        if (limit < 1 || limit > 100) {
            throw GatewayException.invalid("limit", "'limit' must be an integer from 1 to 100.");
        }
        return limit;
    }

    static String pageToken(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        if (token.length() > 1024 || !token.matches("[A-Za-z0-9_=+/.:-]+")) {
            throw GatewayException.invalid("page_token", "'page_token' is not a token this API returned.");
        }
        return token;
    }

    private static Integer positive(Integer value, String param) {
        if (value != null && value < 1) {
            throw GatewayException.invalid(param, "'" + param + "' must be a positive integer (or null for no limit).");
        }
        return value;
    }

    private static Long nonNegative(Long value, String param) {
        if (value != null && value < 0) {
            throw GatewayException.invalid(param, "'" + param + "' must not be negative (or null for no cap).");
        }
        return value;
    }

    private static void noControlCharacters(String text, String param) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                throw GatewayException.invalid(param, "'" + param + "' must not contain control characters.");
            }
        }
    }

    static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
