package io.llmux.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * This instance's own cache: used when Redis is not configured (the local server) or is down.
 * Bounded by the bytes it holds ({@code llmux.cache.local.max-bytes}), since answers vary from a
 * few hundred bytes to megabytes; each entry expires after its own TTL.
 */
@Singleton
public final class CaffeineResponseCache implements ResponseCache {

    private record Entry(byte[] value, long ttlNanos) {
    }

    private final Cache<CacheKey, Entry> entries;

    public CaffeineResponseCache(@Value("${llmux.cache.local.max-bytes:67108864}") long maxBytes) {
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((CacheKey key, Entry entry) -> entry.value().length + key.fingerprint().length() + key.tenantId().length())
                .expireAfter(new Expiry<CacheKey, Entry>() {
                    @Override
                    public long expireAfterCreate(CacheKey key, Entry entry, long currentTime) {
                        return entry.ttlNanos();
                    }

                    @Override
                    public long expireAfterUpdate(CacheKey key, Entry entry, long currentTime, long currentDuration) {
                        return entry.ttlNanos();
                    }

                    @Override
                    public long expireAfterRead(CacheKey key, Entry entry, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    @Override
    public CompletableFuture<Map<CacheKey, byte[]>> getMany(Collection<CacheKey> keys) {
        Map<CacheKey, byte[]> found = new HashMap<>();
        entries.getAllPresent(keys).forEach((key, entry) -> found.put(key, entry.value()));
        return CompletableFuture.completedFuture(found);
    }

    @Override
    public CompletableFuture<Void> setMany(Map<CacheKey, byte[]> values, Duration ttl) {
        long ttlNanos = Math.max(TimeUnit.SECONDS.toNanos(1), ttl.toNanos());
        values.forEach((key, value) -> entries.put(key, new Entry(value, ttlNanos)));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Duration> getTTL(CacheKey key) {
        return CompletableFuture.completedFuture(entries.policy().expireVariably().orElseThrow()
                .getExpiresAfter(key).orElse(null));
    }

    @Override
    public boolean isHealthy() {
        return true;
    }

    /** The bytes held once pending evictions are done. */
    long bytesHeld() {
        entries.cleanUp();
        return entries.policy().eviction().orElseThrow().weightedSize().orElseThrow();
    }
}
