package io.llmux.idempotency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
    private static final Duration LEASE = Duration.ofSeconds(30);

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

    /** Claims the key and completes it with this response, as a winning creation does. */
    private void save(String scope, String key, StoredResponse response, Duration ttl) {
        IdempotencyStore.Claim.Won won = assertInstanceOf(IdempotencyStore.Claim.Won.class,
                store.claim(scope, key, response.requestHash(), LEASE));
        assertTrue(store.complete(scope, key, won.owner(), response, ttl));
    }

    @Test
    void aCompletedResponseIsFoundAndReturnedToTheNextClaim() {
        StoredResponse created = response("{\"id\":\"ten_1\"}");

        save("POST /api/tenants", "retry-1", created, DAY);

        assertSameResponse(created, store.find("POST /api/tenants", "retry-1").orElseThrow());
        IdempotencyStore.Claim.Done done = assertInstanceOf(IdempotencyStore.Claim.Done.class,
                store.claim("POST /api/tenants", "retry-1", created.requestHash(), LEASE));
        assertSameResponse(created, done.response());
    }

    @Test
    void nothingIsFoundForAnUnknownKey() {
        assertTrue(store.find("POST /api/tenants", "never").isEmpty());
    }

    @Test
    void aRunningClaimHoldsTheKeyAndIsNotAnAnswerYet() {
        assertInstanceOf(IdempotencyStore.Claim.Won.class, store.claim("scope", "k", "hash-a", LEASE));

        IdempotencyStore.Claim.Running running = assertInstanceOf(IdempotencyStore.Claim.Running.class,
                store.claim("scope", "k", "hash-b", LEASE));

        assertEquals("hash-a", running.requestHash(), "the holder's body hash, to tell a retry from a reuse");
        assertTrue(store.find("scope", "k").isEmpty());
    }

    @Test
    void onlyTheOwnerCompletesAndTheAnswerIsKept() {
        IdempotencyStore.Claim.Won won = assertInstanceOf(IdempotencyStore.Claim.Won.class, store.claim("scope", "k", "h", LEASE));

        assertFalse(store.complete("scope", "k", "someone-else", response("theirs"), DAY));
        assertTrue(store.complete("scope", "k", won.owner(), response("mine"), DAY));
        assertFalse(store.complete("scope", "k", won.owner(), response("again"), DAY), "completed once");

        assertSameResponse(response("mine"), store.find("scope", "k").orElseThrow());
    }

    @Test
    void aReleasedClaimFreesTheKeyAndAStrangersReleaseDoesNot() {
        IdempotencyStore.Claim.Won won = assertInstanceOf(IdempotencyStore.Claim.Won.class, store.claim("scope", "k", "h", LEASE));

        store.release("scope", "k", "someone-else");
        assertInstanceOf(IdempotencyStore.Claim.Running.class, store.claim("scope", "k", "h", LEASE));
        store.release("scope", "k", won.owner());

        assertInstanceOf(IdempotencyStore.Claim.Won.class, store.claim("scope", "k", "h", LEASE));
    }

    @Test
    void releasingACompletedRecordChangesNothing() {
        IdempotencyStore.Claim.Won won = assertInstanceOf(IdempotencyStore.Claim.Won.class, store.claim("scope", "k", "h", LEASE));
        store.complete("scope", "k", won.owner(), response("kept"), DAY);

        store.release("scope", "k", won.owner());

        assertSameResponse(response("kept"), store.find("scope", "k").orElseThrow());
    }

    /** A holder that crashed: once its lease has run out, the next request takes the key over, and the crashed one cannot complete. */
    @Test
    void aClaimPastItsLeaseIsTakenOver() {
        IdempotencyStore.Claim.Won crashed = assertInstanceOf(IdempotencyStore.Claim.Won.class, store.claim("scope", "k", "h", LEASE));

        clock.advance(LEASE.minusSeconds(1));
        assertInstanceOf(IdempotencyStore.Claim.Running.class, store.claim("scope", "k", "h", LEASE));
        clock.advance(Duration.ofSeconds(2));
        IdempotencyStore.Claim.Won next = assertInstanceOf(IdempotencyStore.Claim.Won.class, store.claim("scope", "k", "h", LEASE));

        assertFalse(store.complete("scope", "k", crashed.owner(), response("late"), DAY));
        assertTrue(store.complete("scope", "k", next.owner(), response("next"), DAY));
        assertSameResponse(response("next"), store.find("scope", "k").orElseThrow());
    }

    @Test
    void scopesAreSeparate() {
        save("POST /api/tenants/ten_a/keys", "k", response("a"), DAY);

        assertTrue(store.find("POST /api/tenants/ten_b/keys", "k").isEmpty());
        save("POST /api/tenants/ten_b/keys", "k", response("b"), DAY);
        assertSameResponse(response("a"), store.find("POST /api/tenants/ten_a/keys", "k").orElseThrow());
    }

    @Test
    void keysOfAnyLengthAndAlphabetWork() {
        String key = "clé 🔑 #/\u0000" + "x".repeat(4000);

        save("scope", key, response("long"), DAY);

        assertSameResponse(response("long"), store.find("scope", key).orElseThrow());
        assertTrue(store.find("scope", key + "y").isEmpty());
    }

    @Test
    void aRecordPastItsTtlIsGoneAndTheKeyCanBeUsedAgain() {
        save("scope", "k", response("old"), Duration.ofMinutes(10));

        clock.advance(Duration.ofMinutes(9));
        assertTrue(store.find("scope", "k").isPresent());

        clock.advance(Duration.ofMinutes(2));
        assertTrue(store.find("scope", "k").isEmpty());
        save("scope", "k", response("new"), Duration.ofMinutes(10));
        assertSameResponse(response("new"), store.find("scope", "k").orElseThrow());
    }

    @Test
    void concurrentClaimsOfOneKeyAdmitExactlyOne() throws Exception {
        int writers = 16;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<IdempotencyStore.Claim>> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            for (int i = 0; i < writers; i++) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    return store.claim("scope", "contended", "h", LEASE);
                }));
            }
            start.countDown();
            List<IdempotencyStore.Claim.Won> winners = new ArrayList<>();
            for (Future<IdempotencyStore.Claim> outcome : outcomes) {
                IdempotencyStore.Claim claim = outcome.get();
                if (claim instanceof IdempotencyStore.Claim.Won won) {
                    winners.add(won);
                } else {
                    assertInstanceOf(IdempotencyStore.Claim.Running.class, claim);
                }
            }

            assertEquals(1, winners.size(), "winners: " + winners);
            assertTrue(store.complete("scope", "contended", winners.getFirst().owner(), response("winner"), DAY));
            assertSameResponse(response("winner"), store.find("scope", "contended").orElseThrow());
        }
    }
}
