package io.llmux.idempotency;

import java.time.Duration;
import java.util.Optional;

/** Remembers the responses of creations by Idempotency-Key, for a while. */
public interface IdempotencyStore {

    /** The stored response for this key in this scope (e.g. the admin route and tenant), if any. */
    Optional<StoredResponse> find(String scope, String key);

    /** Stores a response unless one is already stored; returns false when one was (a concurrent retry won). */
    boolean save(String scope, String key, StoredResponse response, Duration ttl);
}
