package io.llmux.tenancy.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.error.GatewayException;
import io.llmux.tenancy.Budgets;
import io.llmux.tenancy.CachePolicy;
import io.llmux.tenancy.Limits;
import io.llmux.tenancy.Page;
import io.llmux.tenancy.Tenant;
import io.llmux.tenancy.TenantSettings;
import io.llmux.tenancy.TenantStatus;
import io.llmux.tenancy.TenantStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every TenantStore does; one subclass per adapter, each test on an empty store. */
public abstract class TenantStoreContract {

    static final Instant CREATED = Instant.parse("2026-03-01T10:15:30.123456Z");

    private TenantStore store;

    /** A new, empty store. */
    protected abstract TenantStore newStore();

    @BeforeEach
    void emptyStore() {
        store = newStore();
    }

    static Tenant tenant(String id) {
        TenantSettings settings = new TenantSettings(List.of("gpt-4o*", "mock/mock-chat"), "cheapest",
                new Limits(60, 100_000, 4), new Budgets("monthly", 1_000_000L, 25_000_000L, false), "Europe/Paris",
                new CachePolicy(true, 600));
        return new Tenant(id, "Team " + id, TenantStatus.ACTIVE, settings, Map.of("cost_center", "42", "owner", "ops"),
                CREATED, CREATED, 1);
    }

    @Test
    void aCreatedTenantReadsBackUnchanged() {
        Tenant tenant = tenant("ten_round_trip");

        assertTrue(store.create(tenant));

        assertEquals(tenant, store.get("ten_round_trip").orElseThrow());
    }

    @Test
    void anIdIsTakenOnce() {
        assertTrue(store.create(tenant("ten_once")));
        Tenant other = new Tenant("ten_once", "someone else", TenantStatus.SUSPENDED, TenantSettings.DEFAULTS, Map.of(),
                CREATED, CREATED, 1);

        assertFalse(store.create(other));
        assertEquals(tenant("ten_once"), store.get("ten_once").orElseThrow());
    }

    @Test
    void anUnknownTenantIsAbsent() {
        assertTrue(store.get("ten_nobody").isEmpty());
    }

    @Test
    void listsPageThroughEveryTenantInIdOrderExactly() {
        List<String> ids = IntStream.range(0, 7).mapToObj(i -> "ten_" + (char) ('g' - i)).toList();
        ids.forEach(id -> assertTrue(store.create(tenant(id))));

        List<List<String>> pages = new ArrayList<>();
        String token = null;
        do {
            Page<Tenant> page = store.list(3, token);
            pages.add(page.items().stream().map(Tenant::id).toList());
            token = page.nextToken();
        } while (token != null && pages.size() < 10);

        assertEquals(List.of(List.of("ten_a", "ten_b", "ten_c"), List.of("ten_d", "ten_e", "ten_f"), List.of("ten_g")), pages);
    }

    @Test
    void aFullLastPageHasNoNextToken() {
        List.of("ten_1", "ten_2", "ten_3", "ten_4").forEach(id -> store.create(tenant(id)));

        Page<Tenant> first = store.list(2, null);
        Page<Tenant> second = store.list(2, first.nextToken());

        assertNotNull(first.nextToken());
        assertEquals(List.of("ten_3", "ten_4"), second.items().stream().map(Tenant::id).toList());
        assertNull(second.nextToken());
    }

    @Test
    void anEmptyStoreListsNothing() {
        Page<Tenant> page = store.list(10, null);

        assertEquals(List.of(), page.items());
        assertNull(page.nextToken());
    }

    @Test
    void anUpdateAtTheExpectedVersionReplacesTheTenant() {
        store.create(tenant("ten_up"));
        Tenant suspended = new Tenant("ten_up", "Renamed", TenantStatus.SUSPENDED, TenantSettings.DEFAULTS, Map.of("k", "v"),
                CREATED, CREATED.plusSeconds(60), 2);

        assertTrue(store.update(suspended, 1));

        assertEquals(suspended, store.get("ten_up").orElseThrow());
    }

    @Test
    void anUpdateAtAStaleVersionIsRefusedAndChangesNothing() {
        store.create(tenant("ten_race"));
        Tenant first = new Tenant("ten_race", "First", TenantStatus.ACTIVE, TenantSettings.DEFAULTS, Map.of(), CREATED, CREATED, 2);
        Tenant second = new Tenant("ten_race", "Second", TenantStatus.ACTIVE, TenantSettings.DEFAULTS, Map.of(), CREATED, CREATED, 2);

        assertTrue(store.update(first, 1));
        assertFalse(store.update(second, 1));

        assertEquals("First", store.get("ten_race").orElseThrow().name());
    }

    @Test
    void anUpdateOfAnUnknownTenantIsRefused() {
        assertFalse(store.update(tenant("ten_ghost"), 1));
        assertTrue(store.get("ten_ghost").isEmpty());
    }

    @Test
    void aTenantMarkedDeletedIsAbsentToEveryReadButKeepsItsId() {
        store.create(tenant("ten_del"));
        store.create(tenant("ten_keep"));

        assertTrue(store.markDeleted("ten_del"));

        assertTrue(store.get("ten_del").isEmpty());
        assertEquals(List.of("ten_keep"), store.list(10, null).items().stream().map(Tenant::id).toList());
        assertFalse(store.create(tenant("ten_del")), "the tombstone keeps the id taken while the deletion runs");
        assertTrue(store.get("ten_del").isEmpty());
    }

    /** Regression: a PATCH computed from a read before the deletion began could put the tenant back. */
    @Test
    void anUpdateFromAReadBeforeTheMarkCannotBringTheTenantBack() {
        store.create(tenant("ten_del"));
        Tenant readBefore = store.get("ten_del").orElseThrow();
        store.markDeleted("ten_del");

        Tenant renamed = new Tenant("ten_del", "Renamed", TenantStatus.ACTIVE, readBefore.settings(), Map.of(),
                CREATED, CREATED, readBefore.version() + 1);
        assertFalse(store.update(renamed, readBefore.version()));

        assertTrue(store.get("ten_del").isEmpty());
    }

    @Test
    void markingIsRepeatableAndOnlyAMarkedTenantIsPurged() {
        store.create(tenant("ten_del"));
        store.create(tenant("ten_live"));

        assertFalse(store.purge("ten_live"), "a live tenant is never purged");
        assertTrue(store.get("ten_live").isPresent());
        assertTrue(store.markDeleted("ten_del"));
        assertTrue(store.markDeleted("ten_del"), "an interrupted deletion can be run again");
        assertTrue(store.purge("ten_del"));
        assertFalse(store.purge("ten_del"), "only one purge removes it");
        assertFalse(store.markDeleted("ten_del"), "gone");
        assertFalse(store.markDeleted("ten_nobody"));

        assertTrue(store.create(tenant("ten_del")), "the id is free again once purged");
        assertEquals(tenant("ten_del"), store.get("ten_del").orElseThrow());
    }

    @Test
    void aPageSkipsTombstonesAndStillEndsWithoutAToken() {
        IntStream.range(0, 5).forEach(i -> store.create(tenant("ten_" + i)));
        store.markDeleted("ten_1");
        store.markDeleted("ten_3");

        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            Page<Tenant> page = store.list(2, token);
            page.items().forEach(t -> seen.add(t.id()));
            token = page.nextToken();
        } while (token != null);

        assertEquals(List.of("ten_0", "ten_2", "ten_4"), seen);
    }

    static List<String> garbageTokens() {
        return ContractTokens.GARBAGE;
    }

    @ParameterizedTest
    @MethodSource("garbageTokens")
    void aGarbagePageTokenIsAClientError(String token) {
        store.create(tenant("ten_a"));

        GatewayException error = assertThrows(GatewayException.class, () -> store.list(10, token));

        assertEquals(400, error.status());
        assertEquals("page_token", error.param());
    }

    @Test
    void aLimitOutsideTheRangeIsAClientError() {
        for (int limit : new int[] {0, -1, 1001}) {
            GatewayException error = assertThrows(GatewayException.class, () -> store.list(limit, null));
            assertEquals(400, error.status());
            assertEquals("limit", error.param());
        }
    }
}
