package io.llmux.cache;

import io.llmux.redis.RedisLink;
import io.micronaut.context.annotation.Primary;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The cache the pipeline uses: Redis while the link has a healthy connection, this instance's
 * Caffeine cache otherwise. A Redis command that fails or times out is reported to the link
 * (which degrades and recovers on its own) and the same call is served by Caffeine instead, so a
 * cache outage costs at most one timeout per request and never fails one.
 */
@Primary
@Singleton
public final class ResponseCacheSelector implements ResponseCache {

    private final RedisLink link;
    private final RedisResponseCache redis;
    private final CaffeineResponseCache local;

    public ResponseCacheSelector(RedisLink link, RedisResponseCache redis, CaffeineResponseCache local) {
        this.link = link;
        this.redis = redis;
        this.local = local;
    }

    @Override
    public CompletableFuture<Map<CacheKey, byte[]>> getMany(Collection<CacheKey> keys) {
        if (link.commands() == null) {
            return local.getMany(keys);
        }
        return redis.getMany(keys).exceptionallyCompose(failure -> {
            reportUnlessKnown(failure);
            return local.getMany(keys);
        });
    }

    @Override
    public CompletableFuture<Void> setMany(Map<CacheKey, byte[]> entries, Duration ttl) {
        if (link.commands() == null) {
            return local.setMany(entries, ttl);
        }
        return redis.setMany(entries, ttl).exceptionallyCompose(failure -> {
            reportUnlessKnown(failure);
            return local.setMany(entries, ttl);
        });
    }

    @Override
    public CompletableFuture<Duration> getTTL(CacheKey key) {
        if (link.commands() == null) {
            return local.getTTL(key);
        }
        return redis.getTTL(key).exceptionallyCompose(failure -> {
            reportUnlessKnown(failure);
            return local.getTTL(key);
        });
    }

    /** Always true: when Redis is not, Caffeine answers. */
    @Override
    public boolean isHealthy() {
        return true;
    }

    /** Whether answers are currently shared through Redis (false: this instance's memory). */
    public boolean shared() {
        return redis.isHealthy();
    }

    private void reportUnlessKnown(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (!(cause instanceof RedisUnavailableException)) {
            link.reportFailure(cause);
        }
    }
}
