package io.llmux.tenancy.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.error.GatewayException;
import io.llmux.tenancy.ApiKey;
import io.llmux.tenancy.Budgets;
import io.llmux.tenancy.CachePolicy;
import io.llmux.tenancy.KeyStatus;
import io.llmux.tenancy.KeyStore;
import io.llmux.tenancy.Limits;
import io.llmux.tenancy.Page;
import io.llmux.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every KeyStore does; one subclass per adapter, each test on an empty store. */
public abstract class KeyStoreContract {

    static final Instant CREATED = Instant.parse("2026-03-01T10:15:30.123456Z");

    protected final MutableClock clock = new MutableClock(CREATED);
    private KeyStore store;

    /** A new, empty store that reads time from {@code clock} where it needs to. */
    protected abstract KeyStore newStore();

    protected KeyStore store() {
        return store;
    }

    @BeforeEach
    void emptyStore() {
        store = newStore();
    }

    protected static ApiKey key(String tenantId, String id, String hash) {
        return new ApiKey(id, tenantId, "llmux-sk-AbCd", hash, "ci " + id, Set.of(ApiKey.SCOPE_INFERENCE, "admin:read"),
                List.of("mock/*"), new Limits(10, null, 2), new Budgets("daily", 5_000L, null, true),
                Instant.parse("2027-01-01T00:00:00Z"), KeyStatus.ACTIVE, CREATED, null, new CachePolicy(false, 300));
    }

    static String hash(int n) {
        return String.format("%064x", n);
    }

    @Test
    void aCreatedKeyIsFoundByIdAndByHash() {
        ApiKey key = key("ten_a", "key_1", hash(1));

        assertTrue(store.create(key));

        assertEquals(key, store.get("ten_a", "key_1").orElseThrow());
        assertEquals(key, store.findByHash(hash(1)).orElseThrow());
    }

    @Test
    void aKeyWithDefaultsAndNoExpiryReadsBackUnchanged() {
        ApiKey key = new ApiKey("key_plain", "ten_a", "llmux-sk-Zz00", hash(9), null, Set.of(ApiKey.SCOPE_INFERENCE), List.of(),
                Limits.NONE, Budgets.NONE, null, KeyStatus.ACTIVE, CREATED, null);

        assertTrue(store.create(key));

        assertEquals(key, store.findByHash(hash(9)).orElseThrow());
    }

    @Test
    void aKeyIsNotFoundUnderAnotherTenantOrAnUnknownHash() {
        store.create(key("ten_a", "key_1", hash(1)));

        assertTrue(store.get("ten_b", "key_1").isEmpty());
        assertTrue(store.get("ten_a", "key_2").isEmpty());
        assertTrue(store.findByHash(hash(2)).isEmpty());
    }

    @Test
    void aHashIsTakenOnceEvenAcrossTenants() {
        ApiKey first = key("ten_a", "key_1", hash(1));
        store.create(first);

        assertFalse(store.create(key("ten_b", "key_2", hash(1))));

        assertEquals(first, store.findByHash(hash(1)).orElseThrow());
        assertTrue(store.get("ten_b", "key_2").isEmpty());
    }

    @Test
    void anIdIsTakenOnceAndTheRefusedKeyLeavesNoTrace() {
        ApiKey first = key("ten_a", "key_1", hash(1));
        store.create(first);

        assertFalse(store.create(key("ten_a", "key_1", hash(2))));

        assertEquals(first, store.get("ten_a", "key_1").orElseThrow());
        assertTrue(store.findByHash(hash(2)).isEmpty());
        assertTrue(store.create(key("ten_a", "key_2", hash(2))), "the refused key's hash is free again");
    }

    @Test
    void concurrentCreationsOfOneHashAdmitExactlyOne() throws Exception {
        int writers = 16;
        List<Boolean> outcomes = concurrently(writers, i -> store.create(key("ten_a", "key_" + i, hash(7))));

        assertEquals(1, outcomes.stream().filter(created -> created).count());
        ApiKey winner = store.findByHash(hash(7)).orElseThrow();
        assertEquals(List.of(winner), store.list("ten_a", 100, null).items());
    }

    @Test
    void deletingATenantsKeysRemovesThemAllAndNoOtherTenantsKeys() {
        for (int i = 0; i < 130; i++) {
            assertTrue(store.create(key("ten_a", "key_" + i, hash(1000 + i))));
        }
        ApiKey other = key("ten_ab", "key_1", hash(1));
        store.create(other);

        assertEquals(130, store.deleteAll("ten_a"));

        assertTrue(store.list("ten_a", 100, null).items().isEmpty());
        assertTrue(store.findByHash(hash(1000)).isEmpty());
        assertTrue(store.findByHash(hash(1129)).isEmpty());
        assertTrue(store.get("ten_a", "key_5").isEmpty());
        assertEquals(other, store.findByHash(hash(1)).orElseThrow(), "a tenant whose id starts the same keeps its keys");
        assertEquals(0, store.deleteAll("ten_a"), "running it again finds nothing left");
    }

    @Test
    void aDeletedKeyCanNeitherBeUpdatedNorTouchedBackIntoExistence() {
        ApiKey key = key("ten_a", "key_1", hash(1));
        store.create(key);
        store.deleteAll("ten_a");

        assertFalse(store.update(key));
        store.touch("ten_a", "key_1", CREATED.plus(Duration.ofDays(1)));

        assertTrue(store.findByHash(hash(1)).isEmpty());
        assertTrue(store.get("ten_a", "key_1").isEmpty());
        assertTrue(store.create(key("ten_b", "key_9", hash(1))), "its hash is free again");
    }

    @Test
    void aTenantsKeysAreListedInIdOrderAcrossPagesAndNoOtherTenantsKeys() {
        List<String> ids = IntStream.range(0, 7).mapToObj(i -> "key_" + (char) ('g' - i)).toList();
        for (int i = 0; i < ids.size(); i++) {
            assertTrue(store.create(key("ten_a", ids.get(i), hash(100 + i))));
        }
        store.create(key("ten_b", "key_0", hash(200)));
        store.create(key("ten_b", "key_z", hash(201)));
        store.create(key("ten_", "key_a", hash(202)));

        List<List<String>> pages = new ArrayList<>();
        String token = null;
        do {
            Page<ApiKey> page = store.list("ten_a", 3, token);
            page.items().forEach(k -> assertEquals("ten_a", k.tenantId()));
            pages.add(page.items().stream().map(ApiKey::id).toList());
            token = page.nextToken();
        } while (token != null && pages.size() < 10);

        assertEquals(List.of(List.of("key_a", "key_b", "key_c"), List.of("key_d", "key_e", "key_f"), List.of("key_g")), pages);
        assertEquals(List.of("key_0", "key_z"), store.list("ten_b", 10, null).items().stream().map(ApiKey::id).toList());
    }

    @Test
    void aTenantWithoutKeysListsNothing() {
        store.create(key("ten_a", "key_1", hash(1)));

        Page<ApiKey> page = store.list("ten_none", 10, null);

        assertEquals(List.of(), page.items());
        assertNull(page.nextToken());
    }

    @Test
    void anUpdateChangesWhatAuthenticationAndTheAdminSee() {
        ApiKey key = key("ten_a", "key_1", hash(1));
        store.create(key);
        ApiKey revoked = new ApiKey(key.id(), key.tenantId(), key.prefix(), key.hash(), "renamed", key.scopes(), key.allowedModels(),
                key.limits(), key.budgets(), CREATED.plus(Duration.ofMinutes(5)), KeyStatus.REVOKED, key.createdAt(), null,
                new CachePolicy(true, null));

        assertTrue(store.update(revoked));

        assertEquals(revoked, store.get("ten_a", "key_1").orElseThrow());
        assertEquals(revoked, store.findByHash(hash(1)).orElseThrow());
    }

    @Test
    void anUpdateCanClearTheExpiry() {
        ApiKey key = key("ten_a", "key_1", hash(1));
        store.create(key);
        ApiKey forever = new ApiKey(key.id(), key.tenantId(), key.prefix(), key.hash(), key.name(), key.scopes(), key.allowedModels(),
                key.limits(), key.budgets(), null, key.status(), key.createdAt(), null);

        assertTrue(store.update(forever));

        assertNull(store.findByHash(hash(1)).orElseThrow().expiresAt());
    }

    @Test
    void anUpdateOfAnUnknownKeyIsRefusedAndCreatesNothing() {
        assertFalse(store.update(key("ten_a", "key_ghost", hash(3))));

        assertTrue(store.findByHash(hash(3)).isEmpty());
        assertTrue(store.get("ten_a", "key_ghost").isEmpty());
    }

    @Test
    void lastUsedIsCoarseOneWriteAnHourAtMost() {
        store.create(key("ten_a", "key_1", hash(1)));
        Instant first = Instant.parse("2026-03-02T08:00:00.250Z");

        store.touch("ten_a", "key_1", first);
        assertEquals(first, store.findByHash(hash(1)).orElseThrow().lastUsedAt());

        store.touch("ten_a", "key_1", first.plus(Duration.ofMinutes(59)));
        assertEquals(first, store.get("ten_a", "key_1").orElseThrow().lastUsedAt());

        Instant hourLater = first.plus(Duration.ofMinutes(61));
        store.touch("ten_a", "key_1", hourLater);
        assertEquals(hourLater, store.findByHash(hash(1)).orElseThrow().lastUsedAt());
    }

    @Test
    void touchingAnUnknownKeyDoesNothing() {
        store.touch("ten_a", "key_ghost", CREATED);

        assertTrue(store.get("ten_a", "key_ghost").isEmpty());
    }

    static List<String> garbageTokens() {
        return ContractTokens.GARBAGE;
    }

    @ParameterizedTest
    @MethodSource("garbageTokens")
    void aGarbagePageTokenIsAClientError(String token) {
        store.create(key("ten_a", "key_1", hash(1)));

        GatewayException error = assertThrows(GatewayException.class, () -> store.list("ten_a", 10, token));

        assertEquals(400, error.status());
        assertEquals("page_token", error.param());
    }

    @Test
    void aLimitOutsideTheRangeIsAClientError() {
        GatewayException error = assertThrows(GatewayException.class, () -> store.list("ten_a", 0, null));

        assertEquals(400, error.status());
        assertEquals("limit", error.param());
    }

    interface Attempt<T> {
        T run(int index) throws Exception;
    }

    /** Runs the attempts at once (released together) and returns their results in index order. */
    static <T> List<T> concurrently(int count, Attempt<T> attempt) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(count)) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                Callable<T> task = () -> {
                    start.await();
                    return attempt.run(index);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }
}
