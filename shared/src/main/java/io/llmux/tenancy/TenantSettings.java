package io.llmux.tenancy;

import java.util.List;

/**
 * @param allowedModels  models the tenant's keys may use (patterns ending in * match prefixes);
 *                       empty means every model the gateway serves
 * @param defaultRouting the routing strategy for the tenant's requests, or null for the gateway's
 * @param limits         default rate limits for the tenant's keys
 * @param budgets        default budgets for the tenant's keys
 * @param timeZone       IANA zone that budget periods align to
 */
public record TenantSettings(List<String> allowedModels, String defaultRouting, Limits limits, Budgets budgets,
                             String timeZone) {

    public static final TenantSettings DEFAULTS = new TenantSettings(List.of(), null, Limits.NONE, Budgets.NONE, "UTC");
}
