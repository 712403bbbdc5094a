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

    /** A tenant, or its tombstone while its deletion runs (it keeps the id taken). */
    private record Entry(Tenant tenant, boolean deleted) {
    }

    private final ConcurrentSkipListMap<String, Entry> tenants = new ConcurrentSkipListMap<>();

    @Override
    public boolean create(Tenant tenant) {
        return tenants.putIfAbsent(tenant.id(), new Entry(tenant, false)) == null;
    }

    @Override
    public Optional<Tenant> get(String id) {
        Entry entry = tenants.get(id);
        return entry == null || entry.deleted() ? Optional.empty() : Optional.of(entry.tenant());
    }

    @Override
    public Page<Tenant> list(int limit, String pageToken) {
        PageTokens.checkLimit(limit);
        var tail = pageToken == null ? tenants : tenants.tailMap(PageTokens.decode(pageToken, AFTER).get("after"), false);
        List<Tenant> live = tail.values().stream().filter(e -> !e.deleted()).map(Entry::tenant).limit(limit + 1L).toList();
        List<Tenant> items = live.size() > limit ? live.subList(0, limit) : live;
        return new Page<>(items, live.size() > limit ? PageTokens.encode(Map.of("after", items.getLast().id())) : null);
    }

    @Override
    public boolean update(Tenant tenant, long expectedVersion) {
        boolean[] updated = {false};
        tenants.computeIfPresent(tenant.id(), (id, current) -> {
            if (current.deleted() || current.tenant().version() != expectedVersion) {
                return current;
            }
            updated[0] = true;
            return new Entry(tenant, false);
        });
        return updated[0];
    }

    @Override
    public boolean markDeleted(String id) {
        return tenants.computeIfPresent(id, (key, current) -> current.deleted() ? current : new Entry(bumped(current.tenant()), true)) != null;
    }

    @Override
    public boolean purge(String id) {
        boolean[] removed = {false};
        tenants.computeIfPresent(id, (key, current) -> {
            removed[0] = current.deleted();
            return current.deleted() ? null : current;
        });
        return removed[0];
    }

    private static Tenant bumped(Tenant t) {
        return new Tenant(t.id(), t.name(), t.status(), t.settings(), t.metadata(), t.createdAt(), t.updatedAt(), t.version() + 1);
    }
}
