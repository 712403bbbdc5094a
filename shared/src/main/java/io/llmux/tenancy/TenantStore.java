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

    /**
     * The first step of a deletion: marks the tenant deleted (a tombstone), which hides it at once
     * from {@link #get}, {@link #list} and {@link #update} (so its keys stop authenticating and no
     * key can be added) while its id stays taken (so {@link #create} cannot bring it back while its
     * keys are being removed). Bumps the version, so a concurrent update computed from an earlier
     * read fails rather than undoing the mark.
     *
     * @return true if the tenant exists, marked already or not (an interrupted deletion can be run
     *         again); false if there is no such tenant
     */
    boolean markDeleted(String id);

    /**
     * The last step of a deletion: removes a tenant marked deleted, freeing its id.
     *
     * @return true if this call removed it; false if it was not marked or is gone already
     */
    boolean purge(String id);
}
