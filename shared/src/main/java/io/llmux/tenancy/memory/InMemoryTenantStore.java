package io.llmux.tenancy.memory;

import io.llmux.tenancy.Page;
import io.llmux.tenancy.PageTokens;
import io.llmux.tenancy.Tenant;
import io.llmux.tenancy.TenantStore;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;

/** Tenants in memory, for the local server and tests; the DynamoDB store replaces it when configured. */
@Singleton
@Secondary
public final class InMemoryTenantStore implements TenantStore {

    private static final Set<String> AFTER = Set.of("after");

    private final ConcurrentSkipListMap<String, Tenant> tenants = new ConcurrentSkipListMap<>();

    @Override
    public boolean create(Tenant tenant) {
        return tenants.putIfAbsent(tenant.id(), tenant) == null;
    }

    @Override
    public Optional<Tenant> get(String id) {
        return Optional.ofNullable(tenants.get(id));
    }

    @Override
    public Page<Tenant> list(int limit, String pageToken) {
        PageTokens.checkLimit(limit);
        var tail = pageToken == null ? tenants : tenants.tailMap(PageTokens.decode(pageToken, AFTER).get("after"), false);
        List<Tenant> items = tail.values().stream().limit(limit).toList();
        boolean more = tail.size() > items.size();
        return new Page<>(items, more && !items.isEmpty() ? PageTokens.encode(Map.of("after", items.getLast().id())) : null);
    }

    @Override
    public boolean update(Tenant tenant, long expectedVersion) {
        boolean[] updated = {false};
        tenants.computeIfPresent(tenant.id(), (id, current) -> {
            if (current.version() != expectedVersion) {
                return current;
            }
            updated[0] = true;
            return tenant;
        });
        return updated[0];
    }

    @Override
    public boolean delete(String id) {
        return tenants.remove(id) != null;
    }
}
