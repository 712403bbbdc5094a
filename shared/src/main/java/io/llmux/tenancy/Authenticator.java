package io.llmux.tenancy;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns a presented API key into a {@link Principal}, or a 401/403.
 *
 * <p>Lookups go through an in-process cache keyed by the key's hash: a hit costs one HMAC and a
 * map read, no I/O. Entries, found or not found (negative caching: a flood of the same wrong key
 * reaches the store once), live at most {@code llmux.auth.cache-ttl} (30 s): that bounds how long
 * a revoked key or a suspended tenant can still be served by an instance that had it cached.
 * Expiry is checked on every request, so it is exact. Misses run on virtual threads, since the
 * stores are blocking (DynamoDB), and concurrent misses for one key share one lookup.
 */
@Singleton
public final class Authenticator {

    private static final Duration TOUCH_EVERY = Duration.ofHours(1);
    private static final int MAX_KEY_LENGTH = 256;

    private record Lookup(ApiKey key, Tenant tenant, AtomicLong touchedAt) {
    }

    private static final Lookup NOT_FOUND = new Lookup(null, null, null);

    private final KeyHasher hasher;
    private final KeyStore keys;
    private final TenantStore tenants;
    private final Clock clock;
    private final ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor();
    private final AsyncLoadingCache<String, Lookup> cache;

    public Authenticator(KeyHasher hasher, KeyStore keys, TenantStore tenants, Clock clock,
                         @Value("${llmux.auth.cache-ttl:30s}") Duration cacheTtl) {
        this.hasher = hasher;
        this.keys = keys;
        this.tenants = tenants;
        this.clock = clock;
        this.cache = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterWrite(cacheTtl)
                .executor(lookups)
                .buildAsync(this::load);
    }

    /** The principal behind a presented key; fails with a GatewayException (401 or 403). */
    public CompletableFuture<Principal> authenticate(String presentedKey) {
        try {
            checkPresented(presentedKey);
        } catch (GatewayException e) {
            return CompletableFuture.failedFuture(e);
        }
        String hash = hasher.hash(presentedKey);
        return cache.get(hash).thenApply(lookup -> admit(lookup, hash));
    }

    /** Drops a cached key at once (this instance only; others forget it within the cache TTL). */
    public void forget(String hash) {
        cache.synchronous().invalidate(hash);
    }

    /**
     * Drops every cached key of a tenant at once, after it was changed, suspended or deleted (this
     * instance only; others see the change within the cache TTL). Admin-rate, so a scan of the
     * cache is fine; a failed or unfinished lookup is dropped too.
     */
    public void forgetTenant(String tenantId) {
        cache.asMap().values().removeIf(lookup -> {
            if (!lookup.isDone() || lookup.isCompletedExceptionally()) {
                return true; // a lookup under way may have read the tenant before the change
            }
            Tenant tenant = lookup.join().tenant();
            return tenant != null && tenant.id().equals(tenantId);
        });
    }

    private Lookup load(String hash) {
        Optional<ApiKey> key = keys.findByHash(hash);
        if (key.isEmpty() || !KeyHasher.sameHash(key.get().hash(), hash)) {
            return NOT_FOUND;
        }
        Optional<Tenant> tenant = tenants.get(key.get().tenantId());
        if (tenant.isEmpty()) {
            return NOT_FOUND;
        }
        Instant lastUsed = key.get().lastUsedAt();
        return new Lookup(key.get(), tenant.get(), new AtomicLong(lastUsed == null ? 0 : lastUsed.toEpochMilli()));
    }

    private Principal admit(Lookup lookup, String hash) {
        if (lookup == NOT_FOUND) {
            throw invalidKey();
        }
        Instant now = clock.instant();
        ApiKey key = lookup.key();
        if (key.status() == KeyStatus.REVOKED) {
            throw unauthenticated("api_key_revoked", "This API key (" + key.prefix() + "...) has been revoked.");
        }
        if (!key.usableAt(now)) {
            throw unauthenticated("api_key_expired", "This API key (" + key.prefix() + "...) has expired.");
        }
        if (!lookup.tenant().active()) {
            throw new GatewayException(ErrorType.PERMISSION, "The tenant of this API key is suspended.", null, "tenant_suspended", null);
        }
        if (!key.scopes().contains(ApiKey.SCOPE_INFERENCE)) {
            throw new GatewayException(ErrorType.PERMISSION, "This API key may not call inference routes.", null, "missing_scope", null);
        }
        touchIfStale(lookup, now);
        return new Principal(lookup.tenant(), key);
    }

    /** last-used is coarse: at most one write an hour per key, off the request's path. */
    private void touchIfStale(Lookup lookup, Instant now) {
        long previous = lookup.touchedAt().get();
        if (now.toEpochMilli() - previous >= TOUCH_EVERY.toMillis() && lookup.touchedAt().compareAndSet(previous, now.toEpochMilli())) {
            lookups.execute(() -> keys.touch(lookup.key().tenantId(), lookup.key().id(), now));
        }
    }

    /**
     * What can be told of a key without looking it up: that there is one, and that it has the form
     * of an LLMux key. The routes check this before they read the body, so that a caller without a
     * valid-looking key gets a 401 whatever else is wrong with the request, as OpenAI and Anthropic
     * answer; an unknown key is found later, by {@link #authenticate}.
     *
     * @throws GatewayException a 401, {@code missing_api_key} or {@code invalid_api_key}
     */
    public static void checkPresented(String presentedKey) {
        if (presentedKey == null || presentedKey.isBlank()) {
            throw unauthenticated("missing_api_key", "You didn't provide an API key. Send it as 'Authorization: Bearer llmux-sk-...'.");
        }
        if (!presentedKey.startsWith(KeyGenerator.KEY_PREFIX) || presentedKey.length() > MAX_KEY_LENGTH) {
            throw invalidKey();
        }
    }

    private static GatewayException invalidKey() {
        return unauthenticated("invalid_api_key", "Incorrect API key provided.");
    }

    private static GatewayException unauthenticated(String code, String message) {
        return new GatewayException(ErrorType.AUTHENTICATION, message, null, code, null);
    }
}
