package io.llmux.tenancy;

import java.util.Optional;

/** Where tenants live: DynamoDB in production, memory locally. */
public interface TenantStore {

    /** Stores a new tenant; false when the id is taken. */
    boolean create(Tenant tenant);

    Optional<Tenant> get(String id);

    Page<Tenant> list(int limit, String pageToken);

    /** Replaces the tenant if its stored version is {@code expectedVersion}; false otherwise. */
    boolean update(Tenant tenant, long expectedVersion);

    /** Deletes the tenant (its keys stop working: authentication checks the tenant). */
    boolean delete(String id);
}
