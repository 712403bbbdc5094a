package io.llmux.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.llmux.chat.testing.GatewayServer;
import io.llmux.testing.RawHttp;
import io.llmux.openai.ChatRequestParser;
import io.llmux.tenancy.DevTenantSeeder;
import io.llmux.tenancy.Limits;
import io.llmux.tenancy.TenantAdmin;
import io.llmux.tenancy.TenantSettings;
import io.llmux.testing.RedisTestServer;
import io.llmux.tokens.TokenCounter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rate limits end to end, on gateways that share a real redis-server: exactness across instances,
 * the 429 and its headers on every route, fallback to memory when Redis dies, fail-closed mode.
 */
class RateLimitTest {

    private static final String CHAT = "{\"model\":\"mock-chat\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";

    private static RedisTestServer redis;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private final List<GatewayServer> gateways = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        redis = RedisTestServer.start();
        client = RedisClient.create(redis.url());
        connection = client.connect();
    }

    @AfterAll
    static void stopRedis() {
        connection.close();
        client.shutdown();
        redis.close();
    }

    @BeforeEach
    void emptyRedis() {
        connection.sync().flushall();
    }

    @AfterEach
    void stopGateways() {
        gateways.forEach(GatewayServer::close);
    }

    /** A gateway on the shared Redis whose development tenant has these limits. */
    private GatewayServer gateway(Limits tenantLimits, Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("llmux.redis.url", redis.url());
        // Generous: under a test's load on two cores, a slow reply must not count as Redis failing.
        properties.put("llmux.redis.timeout", "10s");
        properties.put("llmux.redis.reconnect-interval", "100ms");
        properties.putAll(extra);
        GatewayServer gateway = GatewayServer.start(properties);
        gateways.add(gateway);
        TenantAdmin admin = gateway.context().getBean(TenantAdmin.class);
        admin.updateTenant(DevTenantSeeder.TENANT_ID, null, null,
                new TenantSettings(List.of(), null, tenantLimits, TenantSettings.DEFAULTS.budgets(), "UTC"), null);
        return gateway;
    }

    private GatewayServer gateway(Limits tenantLimits) {
        return gateway(tenantLimits, Map.of());
    }

    private static long estimate(String body) {
        return new TokenCounter().countPrompt(ChatRequestParser.parse(body.getBytes(StandardCharsets.UTF_8))) + 100;
    }

    @Test
    void aLimitHoldsExactlyAcrossTwoInstancesSharingRedis() throws Exception {
        GatewayServer a = gateway(new Limits(25, null, null));
        GatewayServer b = gateway(new Limits(25, null, null));
        List<Future<Integer>> calls = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 60; i++) {
                RawHttp http = (i % 2 == 0 ? a : b).http();
                calls.add(pool.submit(() -> http.post("/v1/chat/completions", CHAT).status()));
            }
            int admitted = 0;
            int refused = 0;
            for (Future<Integer> call : calls) {
                int status = call.get();
                if (status == 200) {
                    admitted++;
                } else if (status == 429) {
                    refused++;
                }
            }
            assertEquals(25, admitted, "exactly the tenant's limit, over both instances together");
            assertEquals(35, refused);
        }
        assertEquals("ok", a.http().get("/health").json().path("components").path("redis").asText(), "no fallback happened");
        assertEquals("ok", b.http().get("/health").json().path("components").path("redis").asText());
    }

    @Test
    void everyResponseCarriesTheRateLimitHeadersWithExactValues() {
        GatewayServer gateway = gateway(new Limits(5, 10_000, null));
        long cost = estimate(CHAT);
        RawHttp.Response first = gateway.http().post("/v1/chat/completions", CHAT);
        assertEquals(200, first.status(), first.toString());
        assertEquals("\"tenant-rpm\";q=5;w=60, \"tenant-tpm\";q=10000;w=60;qu=\"tokens\"", header(first, "RateLimit-Policy"));
        assertTrue(Pattern.matches("\"tenant-rpm\";r=4;t=(\\d+), \"tenant-tpm\";r=" + (10_000 - cost) + ";t=(\\d+)",
                header(first, "RateLimit")), header(first, "RateLimit"));
        long t = Long.parseLong(header(first, "RateLimit").replaceAll(".*?;t=(\\d+),.*", "$1"));
        assertTrue(t > 60 && t <= 120, "restored at the end of the next window: " + t);
        assertEquals("5", header(first, "x-ratelimit-limit-requests"));
        assertEquals("4", header(first, "x-ratelimit-remaining-requests"));
        assertEquals("10000", header(first, "x-ratelimit-limit-tokens"));
        assertEquals(Long.toString(10_000 - cost), header(first, "x-ratelimit-remaining-tokens"));
        assertTrue(Pattern.matches("1m\\d+(\\.\\d+)?s|2m0s", header(first, "x-ratelimit-reset-requests")), header(first, "x-ratelimit-reset-requests"));

        RawHttp.Response streamed = gateway.http().post("/v1/chat/completions", CHAT.replace("{\"model\"", "{\"stream\":true,\"model\""));
        assertEquals(200, streamed.status());
        assertTrue(streamed.body().endsWith("data: [DONE]\n\n"));
        assertEquals("3", header(streamed, "x-ratelimit-remaining-requests"));
        assertEquals(Long.toString(10_000 - 2 * cost), header(streamed, "x-ratelimit-remaining-tokens"));

        RawHttp.Response embeddings = gateway.http().post("/v1/embeddings", "{\"model\":\"mock-embedding\",\"input\":\"hello\"}");
        assertEquals(200, embeddings.status(), embeddings.toString());
        assertEquals("2", header(embeddings, "x-ratelimit-remaining-requests"));
    }

    @Test
    void overALimitIs429InTheOpenAiShapeNamingTheLimitWithRetryAfter() {
        GatewayServer gateway = gateway(new Limits(2, null, null));
        assertEquals(200, gateway.http().post("/v1/chat/completions", CHAT).status());
        assertEquals(200, gateway.http().post("/v1/chat/completions", CHAT).status());
        RawHttp.Response refused = gateway.http().post("/v1/chat/completions", CHAT);
        assertEquals(429, refused.status());
        assertEquals("rate_limit_error", refused.json().path("error").path("type").asText());
        assertEquals("rate_limit_exceeded", refused.json().path("error").path("code").asText());
        assertTrue(refused.json().path("error").path("message").asText().contains("tenant requests per minute"), refused.toString());
        long retryAfter = Long.parseLong(header(refused, "Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 120, "Retry-After " + retryAfter);
        assertEquals("\"tenant-rpm\";r=0;t=" + retryAfter, header(refused, "RateLimit"), "t names the same moment as Retry-After");
        assertEquals("0", header(refused, "x-ratelimit-remaining-requests"));
        RawHttp.Response streamRefused = gateway.http().post("/v1/chat/completions", CHAT.replace("{\"model\"", "{\"stream\":true,\"model\""));
        assertEquals(429, streamRefused.status(), "a refused stream is refused before it starts, as JSON");
        assertTrue(streamRefused.contentType().startsWith("application/json"));
    }

    @Test
    void keyOverridesAndTokenLimitsAreNamedInTheRefusal() {
        GatewayServer gateway = gateway(new Limits(null, 1_000, null));
        TenantAdmin admin = gateway.context().getBean(TenantAdmin.class);
        String limitedKey = admin.createKey(DevTenantSeeder.TENANT_ID, "one-a-minute", null, null, new Limits(1, null, null), null, null).secret();
        RawHttp limited = new RawHttp(gateway.uri(), "Bearer " + limitedKey);
        assertEquals(200, limited.post("/v1/chat/completions", CHAT).status());
        RawHttp.Response keyRefused = limited.post("/v1/chat/completions", CHAT);
        assertEquals(429, keyRefused.status());
        assertTrue(keyRefused.json().path("error").path("message").asText().contains("key requests per minute"), keyRefused.toString());

        String large = "{\"model\":\"mock-chat\",\"max_tokens\":900,\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
        RawHttp.Response tokensRefused = gateway.http().post("/v1/chat/completions", large);
        assertEquals(429, tokensRefused.status(), "the tenant's tokens: " + estimate(CHAT) + " used by the other key, plus 900 and the prompt");
        assertTrue(tokensRefused.json().path("error").path("message").asText().contains("tenant tokens per minute"), tokensRefused.toString());
        assertEquals(Long.toString(1_000 - estimate(CHAT)), header(tokensRefused, "x-ratelimit-remaining-tokens"));
    }

    @Test
    void anInFlightSlotIsHeldForTheWholeStreamAndGivenBackAtItsEnd() throws Exception {
        GatewayServer gateway = gateway(new Limits(null, null, 1), Map.of("llmux.providers.mock.chunk-delay", "150ms"));
        String longStream = "{\"model\":\"mock-chat\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\""
                + "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen\"}]}";
        String slots = "llmux:rl:{" + DevTenantSeeder.TENANT_ID + "}:k:"
                + gateway.context().getBean(TenantAdmin.class).keys(DevTenantSeeder.TENANT_ID, 10, null).items().getFirst().id() + ":inflight";
        CompletableFuture<RawHttp.Response> stream = CompletableFuture.supplyAsync(
                () -> gateway.http().post("/v1/chat/completions", longStream));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (connection.sync().zcard(slots) == 0 && !stream.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(1L, connection.sync().zcard(slots), "the stream holds the key's one slot");
        RawHttp.Response refused = gateway.http().post("/v1/chat/completions", CHAT);
        assertEquals(429, refused.status(), refused.toString());
        assertTrue(refused.json().path("error").path("message").asText().contains("key in-flight requests"), refused.toString());
        assertEquals("\"key-concurrency\";q=1;qu=\"concurrent-requests\"", header(refused, "RateLimit-Policy"));
        assertEquals(200, stream.get().status());
        assertTrue(stream.get().body().endsWith("data: [DONE]\n\n"));
        // Released when the stream ended (before its last event reached the client).
        assertEquals(200, gateway.http().post("/v1/chat/completions", CHAT).status());
        assertEquals(200, gateway.http().post("/v1/chat/completions", CHAT).status(), "and released after a whole answer too");
        assertEquals(0L, connection.sync().zcard(slots));
    }

    @Test
    void whenRedisDiesRequestsAreServedFromMemoryAndHealthSaysDegradedUntilItIsBack() throws Exception {
        try (RedisTestServer own = RedisTestServer.start()) {
            // A generous timeout: a killed Redis fails commands at once (the connection is gone), and a
            // short one made the first, cold script load fall back to memory on a busy machine.
            GatewayServer gateway = gateway(new Limits(100, null, null), Map.of("llmux.redis.url", own.url(), "llmux.redis.timeout", "2s"));
            RawHttp.Response shared = gateway.http().post("/v1/chat/completions", CHAT);
            assertEquals("99", header(shared, "x-ratelimit-remaining-requests"));

            own.kill();
            RawHttp.Response during = gateway.http().post("/v1/chat/completions", CHAT);
            assertEquals(200, during.status(), during.toString());
            assertEquals("99", header(during, "x-ratelimit-remaining-requests"), "this instance's own count starts afresh");
            assertEquals("degraded", gateway.http().get("/health").json().path("status").asText());
            assertEquals("degraded", gateway.http().get("/health").json().path("components").path("redis").asText());
            assertEquals(200, gateway.http().post("/v1/chat/completions", CHAT).status());

            own.restart();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!"ok".equals(gateway.http().get("/health").json().path("status").asText()) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals("ok", gateway.http().get("/health").json().path("status").asText());
            RawHttp.Response after = gateway.http().post("/v1/chat/completions", CHAT);
            assertEquals("99", header(after, "x-ratelimit-remaining-requests"), "counted in the restarted (empty) Redis again");
            RedisClient ownClient = RedisClient.create(own.url());
            try (var c = ownClient.connect()) {
                assertFalse(c.sync().keys("llmux:rl:{" + DevTenantSeeder.TENANT_ID + "}:*").isEmpty());
            } finally {
                ownClient.shutdown();
            }
        }
    }

    @Test
    void denyModeRefusesWith503WhileRedisIsDown() {
        try (RedisTestServer own = RedisTestServer.start()) {
            GatewayServer gateway = gateway(new Limits(100, null, null),
                    Map.of("llmux.redis.url", own.url(), "llmux.redis.timeout", "2s", "llmux.ratelimit.on-redis-failure", "deny"));
            assertEquals(200, gateway.http().post("/v1/chat/completions", CHAT).status());
            own.kill();
            RawHttp.Response refused = gateway.http().post("/v1/chat/completions", CHAT);
            assertEquals(503, refused.status(), refused.toString());
            assertEquals("rate_limiter_unavailable", refused.json().path("error").path("code").asText());
            assertEquals("server_error", refused.json().path("error").path("type").asText());
            assertEquals("1", header(refused, "Retry-After"));
            assertEquals(503, gateway.http().post("/v1/embeddings", "{\"model\":\"mock-embedding\",\"input\":\"x\"}").status());
        }
    }

    private static String header(RawHttp.Response response, String name) {
        return response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " in " + response.headers().map()));
    }
}
