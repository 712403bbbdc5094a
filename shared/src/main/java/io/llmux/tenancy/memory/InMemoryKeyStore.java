package io.llmux.tenancy.memory;

import io.llmux.tenancy.ApiKey;
import io.llmux.tenancy.KeyStore;
import io.llmux.tenancy.Page;
import io.llmux.tenancy.PageTokens;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** Keys in memory, for the local server and tests; the DynamoDB store replaces it when configured. */
@Singleton
@Secondary
public final class InMemoryKeyStore implements KeyStore {

    private static final Duration TOUCH_GRANULARITY = Duration.ofHours(1);
    private static final Set<String> AFTER = Set.of("after");

    /** tenantId + "/" + keyId -> key, sorted so that a tenant's keys are one range. */
    private final ConcurrentSkipListMap<String, ApiKey> keys = new ConcurrentSkipListMap<>();
    private final ConcurrentHashMap<String, String> byHash = new ConcurrentHashMap<>();

    @Override
    public synchronized boolean create(ApiKey key) {
        String path = path(key.tenantId(), key.id());
        if (keys.containsKey(path) || byHash.containsKey(key.hash())) {
            return false;
        }
        keys.put(path, key);
        byHash.put(key.hash(), path);
        return true;
    }

    @Override
    public Optional<ApiKey> get(String tenantId, String keyId) {
        return Optional.ofNullable(keys.get(path(tenantId, keyId)));
    }

    @Override
    public Optional<ApiKey> findByHash(String hash) {
        String path = byHash.get(hash);
        return path == null ? Optional.empty() : Optional.ofNullable(keys.get(path));
    }

    @Override
    public Page<ApiKey> list(String tenantId, int limit, String pageToken) {
        PageTokens.checkLimit(limit);
        String from = pageToken == null ? tenantId + "/" : path(tenantId, PageTokens.decode(pageToken, AFTER).get("after"));
        var range = keys.subMap(from, pageToken == null, tenantId + "0", false);
        List<ApiKey> items = range.values().stream().limit(limit).toList();
        boolean more = range.size() > items.size();
        return new Page<>(items, more && !items.isEmpty() ? PageTokens.encode(Map.of("after", items.getLast().id())) : null);
    }

    @Override
    public boolean update(ApiKey key) {
        return keys.computeIfPresent(path(key.tenantId(), key.id()), (p, current) -> key) != null;
    }

    /** Synchronized with {@link #create}, so a key is either created before the deletion and removed, or after it. */
    @Override
    public synchronized int deleteAll(String tenantId) {
        var range = keys.subMap(tenantId + "/", true, tenantId + "0", false);
        int removed = 0;
        for (ApiKey key : List.copyOf(range.values())) {
            byHash.remove(key.hash(), path(key.tenantId(), key.id()));
            keys.remove(path(key.tenantId(), key.id()));
            removed++;
        }
        return removed;
    }

    @Override
    public void touch(String tenantId, String keyId, Instant usedAt) {
        keys.computeIfPresent(path(tenantId, keyId), (p, k) ->
                k.lastUsedAt() != null && k.lastUsedAt().plus(TOUCH_GRANULARITY).isAfter(usedAt) ? k
                        : new ApiKey(k.id(), k.tenantId(), k.prefix(), k.hash(), k.name(), k.scopes(), k.allowedModels(),
                        k.limits(), k.budgets(), k.expiresAt(), k.status(), k.createdAt(), usedAt, k.cache()));
    }

    /** '/' sorts before '0', so "t/" .. "t0" is exactly tenant t's range. */
    private static String path(String tenantId, String keyId) {
        return tenantId + "/" + keyId;
    }
}
