package io.llmux.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.llmux.error.GatewayException;
import io.llmux.tenancy.memory.InMemoryKeyStore;
import io.llmux.tenancy.memory.InMemoryTenantStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantAdminTest {

    private final InMemoryTenantStore tenants = new InMemoryTenantStore();
    private final InMemoryKeyStore keys = new InMemoryKeyStore();
    private final KeyHasher hasher = new KeyHasher(new byte[32]);
    private final TenantAdmin admin = new TenantAdmin(tenants, keys, hasher, new KeyGenerator(), event -> { },
            new Authenticator(hasher, keys, tenants, Clock.systemUTC(), Duration.ofSeconds(30)), Clock.systemUTC());

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
}
