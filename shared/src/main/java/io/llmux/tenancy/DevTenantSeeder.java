package io.llmux.tenancy;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On embedded defaults (in-memory stores), seeds a development tenant whose key is
 * {@code LLMUX_DEV_KEY}, so the local server and {@code sam local invoke} answer at once. Never
 * active against DynamoDB: a persistent deployment gets its tenants through the admin API.
 */
@Context
@Requires(property = "llmux.dev-key")
@Requires(missingProperty = "llmux.store.dynamodb.table")
public final class DevTenantSeeder {

    /** Fixed, so that sample events and docs can name the development tenant. */
    public static final String TENANT_ID = "ten_development";

    private static final Logger LOG = LoggerFactory.getLogger(DevTenantSeeder.class);

    public DevTenantSeeder(TenantAdmin admin, @Value("${llmux.dev-key}") String devKey) {
        if (devKey.isBlank()) {
            return;
        }
        if (!devKey.startsWith(KeyGenerator.KEY_PREFIX)) {
            throw new IllegalStateException("LLMUX_DEV_KEY must start with " + KeyGenerator.KEY_PREFIX);
        }
        Tenant tenant = admin.importTenant(TENANT_ID, "development", TenantSettings.DEFAULTS, Map.of("seeded", "LLMUX_DEV_KEY"));
        ApiKey key = admin.importKey(tenant.id(), "development", devKey);
        LOG.atInfo().addKeyValue("tenant_id", tenant.id()).addKeyValue("key_id", key.id()).addKeyValue("key_prefix", key.prefix())
                .log("Seeded the development tenant with the key in LLMUX_DEV_KEY. Create more tenants and keys with the admin API "
                        + "(POST /api/tenants, then POST /api/tenants/{id}/keys, with 'Authorization: Bearer $LLMUX_ADMIN_TOKEN').");
    }
}
