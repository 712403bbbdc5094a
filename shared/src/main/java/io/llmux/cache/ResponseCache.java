package io.llmux.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Stored answers by {@link CacheKey}: opaque bytes (a {@link CachedCompletion}), each with a TTL.
 * Implementations never keep an entry forever. A failed future means the store could not answer
 * (callers treat that as a miss); it never means "absent".
 */
public interface ResponseCache {

    /** The entries found, by key; keys that are absent or expired are missing from the map. */
    CompletableFuture<Map<CacheKey, byte[]>> getMany(Collection<CacheKey> keys);

    /** Stores every entry with the same TTL (at least one second). */
    CompletableFuture<Void> setMany(Map<CacheKey, byte[]> entries, Duration ttl);

    /** How long an entry has left, or null when there is none. */
    CompletableFuture<Duration> getTTL(CacheKey key);

    /** Whether this store can answer now. */
    boolean isHealthy();

    default CompletableFuture<byte[]> get(CacheKey key) {
        return getMany(java.util.List.of(key)).thenApply(found -> found.get(key));
    }

    default CompletableFuture<Void> set(CacheKey key, byte[] value, Duration ttl) {
        return setMany(Map.of(key, value), ttl);
    }
}
