package io.llmux.cache;

import io.lettuce.core.KeyValue;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.llmux.redis.RedisLink;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The shared cache: entries are Redis strings written with {@code SET ... EX} (so every key
 * expires) and read with one {@code MGET}. Fails fast, with {@link RedisUnavailableException},
 * when the link says Redis is down; a failing command fails the future (timeouts come from
 * {@code llmux.redis.timeout}). Reporting failures to the link is the caller's job
 * ({@link ResponseCacheSelector}).
 */
@Singleton
public final class RedisResponseCache implements ResponseCache {

    private final RedisLink link;

    public RedisResponseCache(RedisLink link) {
        this.link = link;
    }

    @Override
    public CompletableFuture<Map<CacheKey, byte[]>> getMany(Collection<CacheKey> keys) {
        RedisClusterAsyncCommands<String, byte[]> redis = link.commands();
        if (redis == null) {
            return CompletableFuture.failedFuture(new RedisUnavailableException());
        }
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        List<CacheKey> ordered = List.copyOf(keys);
        String[] names = ordered.stream().map(CacheKey::redisKey).toArray(String[]::new);
        return redis.mget(names).toCompletableFuture().thenApply(values -> {
            Map<CacheKey, byte[]> found = new HashMap<>();
            for (int i = 0; i < values.size(); i++) {
                KeyValue<String, byte[]> value = values.get(i);
                if (value.hasValue()) {
                    found.put(ordered.get(i), value.getValue());
                }
            }
            return found;
        });
    }

    /** One SET per entry, all sent before any reply is awaited: a pipeline, one round trip. */
    @Override
    public CompletableFuture<Void> setMany(Map<CacheKey, byte[]> entries, Duration ttl) {
        RedisClusterAsyncCommands<String, byte[]> redis = link.commands();
        if (redis == null) {
            return CompletableFuture.failedFuture(new RedisUnavailableException());
        }
        SetArgs expiring = SetArgs.Builder.ex(Math.max(1, ttl.toSeconds()));
        List<CompletableFuture<String>> replies = new ArrayList<>(entries.size());
        entries.forEach((key, value) -> replies.add(redis.set(key.redisKey(), value, expiring).toCompletableFuture()));
        return CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new));
    }

    @Override
    public CompletableFuture<Duration> getTTL(CacheKey key) {
        RedisClusterAsyncCommands<String, byte[]> redis = link.commands();
        if (redis == null) {
            return CompletableFuture.failedFuture(new RedisUnavailableException());
        }
        // TTL answers -2 for a missing key and -1 for one without expiry (which this cache never writes).
        return redis.ttl(key.redisKey()).toCompletableFuture().thenApply(seconds -> seconds < 0 ? null : Duration.ofSeconds(seconds));
    }

    @Override
    public boolean isHealthy() {
        return link.commands() != null;
    }
}
