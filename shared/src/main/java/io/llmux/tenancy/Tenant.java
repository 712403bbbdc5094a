package io.llmux.tenancy;

import java.time.Instant;
import java.util.Map;

/**
 * A team or application that owns keys, limits and budgets. Nothing crosses between tenants.
 *
 * @param version incremented by every update; updates are conditional on it (no lost updates)
 */
public record Tenant(String id, String name, TenantStatus status, TenantSettings settings,
                     Map<String, String> metadata, Instant createdAt, Instant updatedAt, long version) {

    public boolean active() {
        return status == TenantStatus.ACTIVE;
    }
}
