package io.llmux.usage;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.llmux.tenancy.Tenant;
import io.llmux.tenancy.TenantStore;
import jakarta.inject.Singleton;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each tenant's time zone, which its periods align to. Cached for five minutes per instance (a
 * tenant's zone rarely changes; a change takes effect within that), so metering a request reads
 * no store. Loads block (the tenant store): call from a virtual thread.
 */
@Singleton
public final class TenantZones {

    private static final Logger LOG = LoggerFactory.getLogger(TenantZones.class);
    private static final Duration TTL = Duration.ofMinutes(5);

    private final TenantStore tenants;
    private final Cache<String, ZoneId> zones = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(TTL).build();

    public TenantZones(TenantStore tenants) {
        this.tenants = tenants;
    }

    public ZoneId of(String tenantId) {
        return zones.get(tenantId, id -> of(tenants.get(id)));
    }

    /** A tenant's zone; UTC for a tenant that is gone or whose zone is not a valid IANA id. */
    public static ZoneId of(Optional<Tenant> tenant) {
        String zone = tenant.map(t -> t.settings() == null ? null : t.settings().timeZone()).orElse(null);
        if (zone == null || zone.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException invalid) {
            LOG.atWarn().addKeyValue("tenant_id", tenant.get().id()).addKeyValue("time_zone", zone)
                    .log("Tenant time zone is not valid: using UTC");
            return ZoneOffset.UTC;
        }
    }
}
