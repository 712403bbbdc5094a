package io.llmux.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.redis.RedisLink;
import io.llmux.redis.RedisLinks;
import io.llmux.testing.RedisTestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Both adapters hold to the port, against a real redis-server; the selector falls back when Redis dies. */
class ResponseCacheAdaptersTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static CacheKey key(String tenant) {
        return new CacheKey(tenant, UUID.randomUUID().toString().replace("-", ""));
    }

    private static void holdsToThePort(ResponseCache cache) throws Exception {
        CacheKey a = key("ten_a");
        CacheKey b = key("ten_a");
        CacheKey absent = key("ten_a");
        cache.setMany(Map.of(a, bytes("A"), b, bytes("B")), Duration.ofSeconds(90)).get(5, TimeUnit.SECONDS);
        Map<CacheKey, byte[]> found = cache.getMany(List.of(a, absent, b)).get(5, TimeUnit.SECONDS);
        assertEquals(2, found.size());
        assertArrayEquals(bytes("A"), found.get(a));
        assertArrayEquals(bytes("B"), found.get(b));
        assertNull(cache.get(absent).get(5, TimeUnit.SECONDS));
        Duration ttl = cache.getTTL(a).get(5, TimeUnit.SECONDS);
        assertTrue(ttl.compareTo(Duration.ZERO) > 0 && ttl.compareTo(Duration.ofSeconds(90)) <= 0, ttl::toString);
        assertNull(cache.getTTL(absent).get(5, TimeUnit.SECONDS));
        assertEquals(0, cache.getMany(List.of()).get(5, TimeUnit.SECONDS).size());
        // The same fingerprint under another tenant is another entry.
        assertNull(cache.get(new CacheKey("ten_b", a.fingerprint())).get(5, TimeUnit.SECONDS));
    }

    @Test
    void caffeineHoldsToThePort() throws Exception {
        holdsToThePort(new CaffeineResponseCache(1 << 20));
    }

    @Test
    void redisHoldsToThePortWithHashTaggedExpiringKeys() throws Exception {
        RedisLink link = new RedisLink(RedisTestServer.shared().url(), false, Duration.ofMillis(500), Duration.ofMillis(100));
        try {
            RedisResponseCache cache = new RedisResponseCache(link);
            assertTrue(cache.isHealthy());
            holdsToThePort(cache);
            CacheKey key = key("ten_hash");
            cache.set(key, bytes("v"), Duration.ofSeconds(30)).get(5, TimeUnit.SECONDS);
            assertEquals(List.of("llmux:cache:{ten_hash}:" + key.fingerprint()),
                    link.commands().keys("llmux:cache:{ten_hash}:*").get(5, TimeUnit.SECONDS));
            long ttl = link.commands().ttl(key.redisKey()).get(5, TimeUnit.SECONDS);
            assertTrue(ttl > 0 && ttl <= 30, "TTL " + ttl);
        } finally {
            RedisLinks.close(link);
        }
    }

    @Test
    void caffeineEntriesExpireAfterTheirOwnTtlAndTheCacheStaysWithinItsBytes() throws Exception {
        CaffeineResponseCache cache = new CaffeineResponseCache(10_000);
        CacheKey shortLived = key("t");
        CacheKey longLived = key("t");
        cache.set(shortLived, bytes("s"), Duration.ofSeconds(1)).join();
        cache.set(longLived, bytes("l"), Duration.ofHours(1)).join();
        assertTrue(cache.getTTL(shortLived).join().compareTo(Duration.ofSeconds(1)) <= 0);
        assertTrue(cache.getTTL(longLived).join().compareTo(Duration.ofMinutes(59)) > 0);

        byte[] big = new byte[1_000];
        for (int i = 0; i < 100; i++) {
            cache.set(key("t"), big, Duration.ofHours(1)).join();
        }
        assertTrue(cache.bytesHeld() <= 10_000, "holds " + cache.bytesHeld() + " bytes");
    }

    @Test
    void theSelectorServesFromCaffeineWhenRedisDiesAndFromRedisWhenItIsBack() throws Exception {
        try (RedisTestServer redis = RedisTestServer.start()) {
            RedisLink link = new RedisLink(redis.url(), false, Duration.ofSeconds(2), Duration.ofMillis(100));
            try {
                RedisResponseCache shared = new RedisResponseCache(link);
                CaffeineResponseCache local = new CaffeineResponseCache(1 << 20);
                ResponseCacheSelector selector = new ResponseCacheSelector(link, shared, local);
                CacheKey before = key("t");
                selector.set(before, bytes("r"), Duration.ofMinutes(1)).get(5, TimeUnit.SECONDS);
                assertArrayEquals(bytes("r"), shared.get(before).get(5, TimeUnit.SECONDS), "written to Redis");
                assertNull(local.get(before).join());

                redis.kill();
                CacheKey during = key("t");
                // The failed write is reported, and lands in Caffeine instead; nothing fails.
                selector.set(during, bytes("c"), Duration.ofMinutes(1)).get(5, TimeUnit.SECONDS);
                assertEquals("degraded", link.status());
                assertFalse(selector.shared());
                assertArrayEquals(bytes("c"), selector.get(during).get(5, TimeUnit.SECONDS));
                assertArrayEquals(bytes("c"), local.get(during).join());

                redis.restart();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!"ok".equals(link.status())) {
                    assertTrue(System.nanoTime() < deadline, "Redis not used again within 20 s");
                    Thread.sleep(50);
                }
                CacheKey after = key("t");
                selector.set(after, bytes("again"), Duration.ofMinutes(1)).get(5, TimeUnit.SECONDS);
                assertArrayEquals(bytes("again"), shared.get(after).get(5, TimeUnit.SECONDS));
                assertTrue(selector.shared());
            } finally {
                RedisLinks.close(link);
            }
        }
    }
}
