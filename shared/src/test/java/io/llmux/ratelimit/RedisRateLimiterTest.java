package io.llmux.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.llmux.redis.RedisLink;
import io.llmux.testing.RedisTestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Redis adapter against a real redis-server: the contract, plus what only Redis has. */
class RedisRateLimiterTest extends RateLimiterContract {

    private static RedisTestServer server;
    private static RedisLink link;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;

    private final RedisRateLimiter limiter = new RedisRateLimiter(link, clock, Duration.ofMinutes(1), Duration.ofMinutes(15));

    @BeforeAll
    static void start() {
        server = RedisTestServer.shared();
        link = new RedisLink(server.url(), false, Duration.ofSeconds(2), Duration.ofMillis(200));
        client = RedisClient.create(server.url());
        connection = client.connect();
    }

    @AfterAll
    static void stop() throws Exception {
        connection.close();
        client.shutdown();
    }

    @Override
    protected RateLimiter limiter() {
        return limiter;
    }

    private static RedisCommands<String, String> redis() {
        return connection.sync();
    }

    @Test
    void everyKeyCarriesTheTenantHashTagAndATtl() {
        String tenant = newTenant();
        RatePolicy inFlight = new RatePolicy(LimitScope.KEY, LimitKind.IN_FLIGHT, 3);
        acquire(tenant, "key_a", List.of(keyRpm(5), keyTpm(500), tenantRpm(9),
                new RatePolicy(LimitScope.TENANT, LimitKind.TOKENS, 900)), inFlight, 42);
        List<String> keys = redis().keys("llmux:rl:{" + tenant + "}:*");
        long window = WINDOW_START.toEpochMilli() / 60_000;
        assertEquals(List.of(
                        "llmux:rl:{" + tenant + "}:k:key_a:inflight",
                        "llmux:rl:{" + tenant + "}:k:key_a:rpm:" + window,
                        "llmux:rl:{" + tenant + "}:k:key_a:tpm:" + window,
                        "llmux:rl:{" + tenant + "}:t:rpm:" + window,
                        "llmux:rl:{" + tenant + "}:t:tpm:" + window),
                keys.stream().sorted().toList());
        for (String key : keys) {
            long ttl = redis().pttl(key);
            assertTrue(ttl > 0, key + " has a TTL");
            assertTrue(ttl <= (key.endsWith("inflight") ? 15 * 60_000 : 121_000), key + " TTL " + ttl);
        }
        assertEquals("42", redis().get("llmux:rl:{" + tenant + "}:k:key_a:tpm:" + window));
    }

    @Test
    void theScriptIsLoadedAgainAfterRedisForgetsIt() {
        String tenant = newTenant();
        assertTrue(acquire(tenant, "key_a", List.of(keyRpm(3)), null, 0).decision().allowed());
        redis().scriptFlush();
        assertEquals(List.of(false), redis().scriptExists(RedisRateLimiter.scriptSha()));
        Admission second = acquire(tenant, "key_a", List.of(keyRpm(3)), null, 0);
        assertTrue(second.decision().allowed());
        assertEquals(1, second.decision().states().getFirst().remaining(), "the count survived the flush");
        assertEquals(List.of(true), redis().scriptExists(RedisRateLimiter.scriptSha()));
        assertTrue(acquire(tenant, "key_a", List.of(keyRpm(3)), null, 0).decision().allowed());
        assertFalse(acquire(tenant, "key_a", List.of(keyRpm(3)), null, 0).decision().allowed());
    }

    @Test
    void aSlotHeldByAnInstanceThatCrashedLapsesAtItsDeadline() {
        String tenant = newTenant();
        RatePolicy one = new RatePolicy(LimitScope.KEY, LimitKind.IN_FLIGHT, 1);
        RedisRateLimiter shortLived = new RedisRateLimiter(link, clock, Duration.ofMinutes(1), Duration.ofSeconds(30));
        assertTrue(shortLived.acquire(new RateLimitRequest(tenant, "key_a", List.of(), one, 0)).join().decision().allowed());
        // Never released: its instance died.
        assertFalse(shortLived.acquire(new RateLimitRequest(tenant, "key_a", List.of(), one, 0)).join().decision().allowed());
        clock.advance(Duration.ofSeconds(31));
        assertTrue(shortLived.acquire(new RateLimitRequest(tenant, "key_a", List.of(), one, 0)).join().decision().allowed());
    }

    @Test
    void decisionsSayTheyAreShared() {
        assertTrue(acquire(newTenant(), "key_a", List.of(keyRpm(1)), null, 0).decision().shared());
    }
}
