package io.llmux.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.error.GatewayException;
import io.llmux.tenancy.memory.InMemoryKeyStore;
import io.llmux.tenancy.memory.InMemoryTenantStore;
import java.time.Clock;
import io.llmux.events.GatewayEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class TenantAdminTest {

    private final InMemoryTenantStore tenants = new InMemoryTenantStore();
    private final InMemoryKeyStore keys = new InMemoryKeyStore();
    private final KeyHasher hasher = new KeyHasher(new byte[32]);
    private final List<GatewayEvent> published = new CopyOnWriteArrayList<>();
    private final Authenticator authenticator = new Authenticator(hasher, keys, tenants, Clock.systemUTC(), Duration.ofSeconds(30));
    private final TenantAdmin admin = new TenantAdmin(tenants, keys, hasher, new KeyGenerator(), published::add, authenticator, Clock.systemUTC());

    /** Regression: a PATCH merged settings into a stale read and could overwrite a concurrent change. */
    @Test
    void aChangeComputedFromAStaleReadIsRefusedNotApplied() {
        Tenant created = admin.createTenant("t", TenantSettings.DEFAULTS, Map.of());
        Tenant readByA = admin.tenant(created.id());
        admin.updateTenant(created.id(), "renamed by B", null, null, null);
        TenantSettings mergedByA = new TenantSettings(List.of("gpt-4o"), null, Limits.NONE, Budgets.NONE, "UTC");
        GatewayException conflict = assertThrows(GatewayException.class,
                () -> admin.updateTenant(readByA, null, null, mergedByA, null));
        assertEquals(409, conflict.status());
        assertEquals("renamed by B", admin.tenant(created.id()).name());
        assertEquals(List.of(), admin.tenant(created.id()).settings().allowedModels());
    }

    /** Regression: a deleted tenant's keys kept authenticating from this instance's cache for up to 30 s. */
    @Test
    void aDeletedTenantsKeyIsRefusedAtOnceOnTheInstanceThatDeletedIt() {
        Tenant tenant = admin.createTenant("doomed", TenantSettings.DEFAULTS, Map.of());
        IssuedKey issued = admin.createKey(tenant.id(), "k", null, null, null, null, null);
        assertEquals(tenant.id(), authenticator.authenticate(issued.secret()).join().tenantId(), "cached now");

        admin.deleteTenant(tenant.id());

        assertEquals("invalid_api_key", refusal(issued.secret()).code());
        assertTrue(keys.findByHash(issued.key().hash()).isEmpty(), "the key itself is gone");
        assertEquals(List.of("tenant_created", "key_created", "tenant_deleted"), published.stream().map(GatewayEvent::type).toList());
    }

    /** Regression: suspending a tenant left its keys admitted from this instance's cache for up to 30 s. */
    @Test
    void aSuspendedTenantsKeyIsRefusedAtOnceOnTheInstanceThatSuspendedIt() {
        Tenant tenant = admin.createTenant("paused", TenantSettings.DEFAULTS, Map.of());
        IssuedKey issued = admin.createKey(tenant.id(), "k", null, null, null, null, null);
        authenticator.authenticate(issued.secret()).join();

        admin.updateTenant(tenant.id(), null, TenantStatus.SUSPENDED, null, null);

        assertEquals("tenant_suspended", refusal(issued.secret()).code());
    }

    /** Regression: a tenant re-created under a deleted one's id (the development tenant's) revived its keys. */
    @Test
    void aTenantReCreatedUnderADeletedOnesIdDoesNotReviveItsKeys() {
        admin.importTenant("ten_reused", "first", TenantSettings.DEFAULTS, Map.of());
        IssuedKey old = admin.createKey("ten_reused", "old", null, null, null, null, null);
        admin.deleteTenant("ten_reused");

        admin.importTenant("ten_reused", "second", TenantSettings.DEFAULTS, Map.of());

        assertEquals("invalid_api_key", refusal(old.secret()).code());
        assertEquals(List.of(), admin.keys("ten_reused", 10, null).items());
    }

    @Test
    void deletingTwiceIsA404AndAnnouncesOnce() {
        Tenant tenant = admin.createTenant("once", TenantSettings.DEFAULTS, Map.of());
        admin.deleteTenant(tenant.id());

        GatewayException again = assertThrows(GatewayException.class, () -> admin.deleteTenant(tenant.id()));

        assertEquals(404, again.status());
        assertEquals(1, published.stream().filter(e -> e.type().equals("tenant_deleted")).count());
    }

    /** Regression: a key created while its tenant was being deleted could outlive the deletion. */
    @Test
    void aKeyCreatedWhileItsTenantIsBeingDeletedIsRemovedAndRefused() {
        Tenant tenant = admin.createTenant("racing", TenantSettings.DEFAULTS, Map.of());
        // The creation checked the tenant, then the deletion marked it and listed its keys, then the key was written.
        KeyStore racing = new DelegatingKeyStore(keys) {
            @Override
            public boolean create(ApiKey key) {
                tenants.markDeleted(tenant.id());
                keys.deleteAll(tenant.id());
                return super.create(key);
            }
        };
        TenantAdmin raced = new TenantAdmin(tenants, racing, hasher, new KeyGenerator(), published::add, authenticator, Clock.systemUTC());

        GatewayException refused = assertThrows(GatewayException.class, () -> raced.createKey(tenant.id(), "late", null, null, null, null, null));

        assertEquals(404, refused.status());
        assertEquals(0, keys.deleteAll(tenant.id()), "nothing of the late key is left");
        assertTrue(published.stream().noneMatch(e -> e.type().equals("key_created") && e.tenantId().equals(tenant.id())));
    }

    private GatewayException refusal(String secret) {
        CompletionException refused = assertThrows(CompletionException.class, () -> authenticator.authenticate(secret).join());
        return assertInstanceOf(GatewayException.class, refused.getCause());
    }

    /** Forwards everything; tests override the call they interleave with. */
    private static class DelegatingKeyStore implements KeyStore {
        private final KeyStore delegate;

        DelegatingKeyStore(KeyStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean create(ApiKey key) {
            return delegate.create(key);
        }

        @Override
        public Optional<ApiKey> get(String tenantId, String keyId) {
            return delegate.get(tenantId, keyId);
        }

        @Override
        public Optional<ApiKey> findByHash(String hash) {
            return delegate.findByHash(hash);
        }

        @Override
        public Page<ApiKey> list(String tenantId, int limit, String pageToken) {
            return delegate.list(tenantId, limit, pageToken);
        }

        @Override
        public boolean update(ApiKey key) {
            return delegate.update(key);
        }

        @Override
        public int deleteAll(String tenantId) {
            return delegate.deleteAll(tenantId);
        }

        @Override
        public void touch(String tenantId, String keyId, Instant usedAt) {
            delegate.touch(tenantId, keyId, usedAt);
        }
    }
}
