package io.llmux.tenancy;

import java.util.List;
import java.util.Map;

/**
 * @param allowedModels  models the tenant's keys may use (patterns ending in * match prefixes);
 *                       empty means every model the gateway serves
 * @param defaultRouting the routing strategy for the tenant's requests, or null for the gateway's
 * @param limits         default rate limits for the tenant's keys
 * @param budgets        default budgets for the tenant's keys
 * @param timeZone       IANA zone that budget periods align to
 * @param cache          the response cache for the tenant's requests; null (as in items stored
 *                       before it existed) inherits the gateway's default, which is off
 * @param routes         the tenant's overrides of model groups, by group name; null or empty for none
 */
public record TenantSettings(List<String> allowedModels, String defaultRouting, Limits limits, Budgets budgets,
                             String timeZone, CachePolicy cache, Map<String, RouteOverride> routes) {

    public static final TenantSettings DEFAULTS = new TenantSettings(List.of(), null, Limits.NONE, Budgets.NONE, "UTC", null);

    /** Settings without route overrides. */
    public TenantSettings(List<String> allowedModels, String defaultRouting, Limits limits, Budgets budgets, String timeZone,
                          CachePolicy cache) {
        this(allowedModels, defaultRouting, limits, budgets, timeZone, cache, null);
    }

    /** Settings without a cache policy of their own (the gateway's default applies). */
    public TenantSettings(List<String> allowedModels, String defaultRouting, Limits limits, Budgets budgets, String timeZone) {
        this(allowedModels, defaultRouting, limits, budgets, timeZone, null);
    }
}
