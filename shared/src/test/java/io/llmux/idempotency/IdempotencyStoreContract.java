package io.llmux.idempotency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every IdempotencyStore does; one subclass per adapter, each test on an empty store. */
public abstract class IdempotencyStoreContract {

    private static final Duration DAY = Duration.ofHours(24);

    protected final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private IdempotencyStore store;

    /** A new, empty store whose expiry follows {@code clock}. */
    protected abstract IdempotencyStore newStore();

    @BeforeEach
    void emptyStore() {
        store = newStore();
    }

    static StoredResponse response(String body) {
        return new StoredResponse("sha256:" + body.hashCode(), 201, body.getBytes(StandardCharsets.UTF_8));
    }

    static void assertSameResponse(StoredResponse expected, StoredResponse actual) {
        assertEquals(expected.requestHash(), actual.requestHash());
        assertEquals(expected.status(), actual.status());
        assertArrayEquals(expected.body(), actual.body());
    }

    @Test
    void aSavedResponseIsFound() {
        StoredResponse created = response("{\"id\":\"ten_1\"}");

        assertTrue(store.save("POST /api/tenants", "retry-1", created, DAY));

        assertSameResponse(created, store.find("POST /api/tenants", "retry-1").orElseThrow());
    }

    @Test
    void nothingIsFoundForAnUnknownKey() {
        assertTrue(store.find("POST /api/tenants", "never").isEmpty());
    }

    @Test
    void theFirstSaveWinsAndLaterOnesAreRefused() {
        StoredResponse first = response("first");
        store.save("scope", "k", first, DAY);

        assertFalse(store.save("scope", "k", response("second"), DAY));

        assertSameResponse(first, store.find("scope", "k").orElseThrow());
    }

    @Test
    void scopesAreSeparate() {
        store.save("POST /api/tenants/ten_a/keys", "k", response("a"), DAY);

        assertTrue(store.find("POST /api/tenants/ten_b/keys", "k").isEmpty());
        assertTrue(store.save("POST /api/tenants/ten_b/keys", "k", response("b"), DAY));
        assertSameResponse(response("a"), store.find("POST /api/tenants/ten_a/keys", "k").orElseThrow());
    }

    @Test
    void keysOfAnyLengthAndAlphabetWork() {
        String key = "clé 🔑 #/\u0000" + "x".repeat(4000);

        assertTrue(store.save("scope", key, response("long"), DAY));

        assertSameResponse(response("long"), store.find("scope", key).orElseThrow());
        assertTrue(store.find("scope", key + "y").isEmpty());
    }

    @Test
    void aRecordPastItsTtlIsGoneAndTheKeyCanBeUsedAgain() {
        store.save("scope", "k", response("old"), Duration.ofMinutes(10));

        clock.advance(Duration.ofMinutes(9));
        assertTrue(store.find("scope", "k").isPresent());

        clock.advance(Duration.ofMinutes(2));
        assertTrue(store.find("scope", "k").isEmpty());
        assertTrue(store.save("scope", "k", response("new"), Duration.ofMinutes(10)));
        assertSameResponse(response("new"), store.find("scope", "k").orElseThrow());
    }

    @Test
    void concurrentSavesOfOneKeyAdmitExactlyOne() throws Exception {
        int writers = 16;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            for (int i = 0; i < writers; i++) {
                StoredResponse mine = response("writer " + i);
                outcomes.add(pool.submit(() -> {
                    start.await();
                    return store.save("scope", "contended", mine, DAY);
                }));
            }
            start.countDown();
            List<Integer> winners = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                if (outcomes.get(i).get()) {
                    winners.add(i);
                }
            }

            assertEquals(1, winners.size(), "winners: " + winners);
            assertSameResponse(response("writer " + winners.getFirst()), store.find("scope", "contended").orElseThrow());
        }
    }
}
