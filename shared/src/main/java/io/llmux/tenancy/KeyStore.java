package io.llmux.tenancy;

import java.time.Instant;
import java.util.Optional;

/** Where API keys (their hashes) live: DynamoDB in production, memory locally. */
public interface KeyStore {

    /** Stores a new key; false when the id or the hash is taken. */
    boolean create(ApiKey key);

    Optional<ApiKey> get(String tenantId, String keyId);

    /** The key with this hash: the authentication lookup. */
    Optional<ApiKey> findByHash(String hash);

    Page<ApiKey> list(String tenantId, int limit, String pageToken);

    /** Replaces the key's mutable fields (status, expiry, name); false if it does not exist. */
    boolean update(ApiKey key);

    /**
     * Removes every key of the tenant, a page at a time, committed or not: each key's record, then
     * whatever lists it under the tenant, so a key stops authenticating before it stops being
     * listed. Safe to run again after an interruption, and concurrently.
     *
     * @return how many keys (or leftovers of interrupted creations) were removed
     */
    int deleteAll(String tenantId);

    /** Records use; stores may drop the write when the stored value is recent (it is coarse). */
    void touch(String tenantId, String keyId, Instant usedAt);
}
