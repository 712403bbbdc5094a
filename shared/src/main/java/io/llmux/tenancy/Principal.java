package io.llmux.tenancy;

import java.util.List;

/** Who is calling: an authenticated key and its tenant. */
public record Principal(Tenant tenant, ApiKey key) {

    public String tenantId() {
        return tenant.id();
    }

    /**
     * Whether this key may use a model, named as the client asked for it or as the deployment
     * resolved it ({@code provider/model}): both the tenant's list and the key's must allow it
     * (an empty list allows everything; {@code gpt-4o*} allows a prefix).
     */
    public boolean mayUse(String requested, String resolved) {
        return allows(tenant.settings().allowedModels(), requested, resolved)
                && allows(key.allowedModels(), requested, resolved);
    }

    private static boolean allows(List<String> patterns, String requested, String resolved) {
        if (patterns == null || patterns.isEmpty()) {
            return true;
        }
        for (String pattern : patterns) {
            if (matches(pattern, requested) || (resolved != null && matches(pattern, resolved))) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String pattern, String model) {
        return pattern.endsWith("*") ? model.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(model);
    }
}
