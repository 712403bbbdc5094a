package io.llmux.tenancy;

import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.llmux.events.EventPublisher;
import io.llmux.events.GatewayEvent;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the admin API does to tenants and keys, with the events it owes. Stores are updated with
 * single-item conditional writes only (no transactions: dynalite has none, and no path needs one).
 */
@Singleton
public final class TenantAdmin {

    private final TenantStore tenants;
    private final KeyStore keys;
    private final KeyHasher hasher;
    private final KeyGenerator generator;
    private final EventPublisher events;
    private final Authenticator authenticator;
    private final Clock clock;

    public TenantAdmin(TenantStore tenants, KeyStore keys, KeyHasher hasher, KeyGenerator generator,
                       EventPublisher events, Authenticator authenticator, Clock clock) {
        this.tenants = tenants;
        this.keys = keys;
        this.hasher = hasher;
        this.generator = generator;
        this.events = events;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    public Tenant createTenant(String name, TenantSettings settings, Map<String, String> metadata) {
        Tenant tenant = newTenant(generator.newId("ten"), name, settings, metadata);
        if (!tenants.create(tenant)) {
            throw new IllegalStateException("Tenant id collision: " + tenant.id());
        }
        return published(tenant);
    }

    /**
     * Registers a tenant under an id chosen by the operator (the development tenant, whose id the
     * sample events name); the usual path generates one.
     */
    public Tenant importTenant(String id, String name, TenantSettings settings, Map<String, String> metadata) {
        Tenant tenant = newTenant(id, name, settings, metadata);
        if (!tenants.create(tenant)) {
            throw new GatewayException(ErrorType.CONFLICT, "A tenant with id '" + id + "' already exists.", null, "tenant_exists", null);
        }
        return published(tenant);
    }

    private Tenant newTenant(String id, String name, TenantSettings settings, Map<String, String> metadata) {
        Instant now = clock.instant();
        return new Tenant(id, name, TenantStatus.ACTIVE, settings, Map.copyOf(metadata), now, now, 1);
    }

    private Tenant published(Tenant tenant) {
        events.publish(new GatewayEvent("tenant_created", tenant.id(), tenant.createdAt(), Map.of("name", tenant.name())));
        return tenant;
    }

    public Tenant tenant(String id) {
        return tenants.get(id).orElseThrow(() -> notFound("tenant", id));
    }

    public Page<Tenant> tenants(int limit, String pageToken) {
        return tenants.list(limit, pageToken);
    }

    /** Applies a change; a concurrent update makes it fail with 409 rather than be lost. */
    public Tenant updateTenant(String id, String name, TenantStatus status, TenantSettings settings, Map<String, String> metadata) {
        return updateTenant(tenant(id), name, status, settings, metadata);
    }

    /**
     * Applies a change computed from {@code current} (e.g. settings merged into the ones read): it
     * is stored only if the tenant is still at current's version, else 409, so a concurrent change
     * between the read and this write is never overwritten.
     */
    public Tenant updateTenant(Tenant current, String name, TenantStatus status, TenantSettings settings, Map<String, String> metadata) {
        String id = current.id();
        Tenant updated = new Tenant(id, name != null ? name : current.name(), status != null ? status : current.status(),
                settings != null ? settings : current.settings(), metadata != null ? Map.copyOf(metadata) : current.metadata(),
                current.createdAt(), clock.instant(), current.version() + 1);
        if (!tenants.update(updated, current.version())) {
            throw new GatewayException(ErrorType.CONFLICT, "The tenant changed while this update was applied; retry it.", null, "conflict", null);
        }
        authenticator.forgetTenant(id);
        if (current.status() != TenantStatus.SUSPENDED && updated.status() == TenantStatus.SUSPENDED) {
            events.publish(new GatewayEvent("tenant_suspended", id, updated.updatedAt(), Map.of()));
        }
        return updated;
    }

    /**
     * Deletes a tenant and its keys without a transaction, in an order where every intermediate
     * state (a crash, a concurrent request) leaves nothing usable: (1) the tenant is marked deleted,
     * so it reads as absent everywhere, its keys stop authenticating and no key can be added, while
     * its id stays taken; (2) its keys are removed page by page; (3) the mark is removed. Running it
     * again after an interruption resumes where it stopped (a marked tenant is still found by step 1).
     * Only the run that removes the mark publishes tenant_deleted, so concurrent deletions announce
     * it once. Budget counters and usage items are left to expire by their TTL (docs/storage.md).
     */
    public void deleteTenant(String id) {
        if (!tenants.markDeleted(id)) {
            throw notFound("tenant", id);
        }
        authenticator.forgetTenant(id);
        keys.deleteAll(id);
        if (tenants.purge(id)) {
            events.publish(new GatewayEvent("tenant_deleted", id, clock.instant(), Map.of()));
        }
    }

    public IssuedKey createKey(String tenantId, String name, Set<String> scopes, List<String> allowedModels,
                               Limits limits, Budgets budgets, Instant expiresAt) {
        return createKey(tenantId, name, scopes, allowedModels, limits, budgets, expiresAt, null);
    }

    /** @param cache the key's override of its tenant's cache policy, or null to follow the tenant's */
    public IssuedKey createKey(String tenantId, String name, Set<String> scopes, List<String> allowedModels,
                               Limits limits, Budgets budgets, Instant expiresAt, CachePolicy cache) {
        String secret = generator.newKey();
        return new IssuedKey(store(tenantId, name, scopes, allowedModels, limits, budgets, expiresAt, cache, secret), secret);
    }

    /** Registers a key chosen by the operator (the development key); the usual path generates one. */
    public ApiKey importKey(String tenantId, String name, String secret) {
        return store(tenantId, name, null, null, null, null, null, null, secret);
    }

    private ApiKey store(String tenantId, String name, Set<String> scopes, List<String> allowedModels,
                         Limits limits, Budgets budgets, Instant expiresAt, CachePolicy cache, String secret) {
        tenant(tenantId);
        Instant now = clock.instant();
        ApiKey key = new ApiKey(generator.newId("key"), tenantId, KeyGenerator.displayPrefix(secret), hasher.hash(secret), name,
                scopes == null || scopes.isEmpty() ? Set.of(ApiKey.SCOPE_INFERENCE) : Set.copyOf(scopes),
                allowedModels == null ? List.of() : List.copyOf(allowedModels),
                limits == null ? Limits.NONE : limits, budgets == null ? Budgets.NONE : budgets,
                expiresAt, KeyStatus.ACTIVE, now, null, cache);
        boolean created = keys.create(key);
        if (tenants.get(tenantId).isEmpty()) {
            // The tenant's deletion began while this key was written; its key listing may have
            // missed it, so this creation removes what the deletion would have.
            keys.deleteAll(tenantId);
            throw notFound("tenant", tenantId);
        }
        if (!created) {
            throw new GatewayException(ErrorType.CONFLICT, "This key is already registered.", null, "key_exists", null);
        }
        events.publish(new GatewayEvent("key_created", tenantId, now, Map.of("key_id", key.id(), "prefix", key.prefix())));
        return key;
    }

    public ApiKey key(String tenantId, String keyId) {
        tenant(tenantId);
        return keys.get(tenantId, keyId).orElseThrow(() -> notFound("key", keyId));
    }

    public Page<ApiKey> keys(String tenantId, int limit, String pageToken) {
        tenant(tenantId);
        return keys.list(tenantId, limit, pageToken);
    }

    public ApiKey revokeKey(String tenantId, String keyId) {
        ApiKey key = key(tenantId, keyId);
        ApiKey revoked = withStatus(key, KeyStatus.REVOKED, key.expiresAt());
        keys.update(revoked);
        authenticator.forget(key.hash());
        if (key.status() != KeyStatus.REVOKED) {
            events.publish(new GatewayEvent("key_revoked", tenantId, clock.instant(), Map.of("key_id", keyId)));
        }
        return revoked;
    }

    /** A new key with the old one's settings; the old one keeps working for {@code grace}, then expires. */
    public IssuedKey rotateKey(String tenantId, String keyId, Duration grace) {
        ApiKey old = key(tenantId, keyId);
        if (old.status() == KeyStatus.REVOKED) {
            throw new GatewayException(ErrorType.INVALID_REQUEST, "A revoked key cannot be rotated.", null, "key_revoked", null);
        }
        IssuedKey fresh = createKey(tenantId, old.name(), old.scopes(), old.allowedModels(), old.limits(), old.budgets(), old.expiresAt(), old.cache());
        Instant graceEnd = clock.instant().plus(grace);
        if (old.expiresAt() == null || old.expiresAt().isAfter(graceEnd)) {
            keys.update(withStatus(old, old.status(), graceEnd));
            authenticator.forget(old.hash());
        }
        events.publish(new GatewayEvent("key_rotated", tenantId, clock.instant(),
                Map.of("key_id", keyId, "new_key_id", fresh.key().id(), "old_key_valid_until", graceEnd.toString())));
        return fresh;
    }

    private static ApiKey withStatus(ApiKey k, KeyStatus status, Instant expiresAt) {
        return new ApiKey(k.id(), k.tenantId(), k.prefix(), k.hash(), k.name(), k.scopes(), k.allowedModels(), k.limits(),
                k.budgets(), expiresAt, status, k.createdAt(), k.lastUsedAt(), k.cache());
    }

    private static GatewayException notFound(String what, String id) {
        return new GatewayException(ErrorType.NOT_FOUND, "No " + what + " with id '" + id + "'.", null, what + "_not_found", null);
    }
}
