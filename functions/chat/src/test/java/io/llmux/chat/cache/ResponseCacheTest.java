package io.llmux.chat.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.chat.testing.GatewayServer;
import io.llmux.chat.testing.RecordingUsageMeter;
import io.llmux.pipeline.UsageRecord;
import io.llmux.redis.RedisLink;
import io.llmux.tenancy.Budgets;
import io.llmux.tenancy.CachePolicy;
import io.llmux.tenancy.Limits;
import io.llmux.tenancy.Tenant;
import io.llmux.tenancy.TenantAdmin;
import io.llmux.tenancy.TenantSettings;
import io.llmux.testing.FakeOpenAiServer;
import io.llmux.testing.FakeReply;
import io.llmux.testing.OpenApiContract;
import io.llmux.testing.RedisTestServer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The response cache on a real Redis, through the HTTP API: hits and misses, tenant isolation,
 * the client's Cache-Control, streamed replays that hold to OpenAI's spec, and what is never
 * stored. The provider is a fake OpenAI server, so each test sees exactly how often it was called.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResponseCacheTest {

    private static final String MODEL = "openai/gpt-4o-mini";

    private static FakeOpenAiServer upstream;
    private static GatewayServer gateway;
    private static CacheClient client;
    private static TenantAdmin admin;

    @BeforeAll
    static void start() {
        upstream = FakeOpenAiServer.start();
        gateway = GatewayServer.start(Map.of(
                "llmux.providers.openai.api-key", "sk-test-ResponseCacheTest",
                "llmux.providers.openai.base-url", upstream.baseUrl(),
                "llmux.redis.url", RedisTestServer.shared().url(),
                "llmux.redis.timeout", "2s",
                "llmux.cache.enabled", "true",
                "llmux.cache.ttl", "10m",
                RecordingUsageMeter.ENABLE, "true"));
        client = new CacheClient(gateway.uri());
        admin = gateway.context().getBean(TenantAdmin.class);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    @BeforeEach
    void reset() {
        upstream.reset();
        upstream.respondWith(FakeReply.text("Paris is the capital of France."));
    }

    /** A body no other test sends, so entries never leak between tests. */
    private static String body(boolean stream, String extra) {
        return "{\"model\":\"" + MODEL + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"Capital of France? "
                + UUID.randomUUID() + "\"}]" + extra + "}";
    }

    private RecordingUsageMeter meter() {
        return gateway.context().getBean(RecordingUsageMeter.class);
    }

    @Test
    void aRepeatedRequestIsAnsweredFromTheCacheWithoutCallingTheProviderAndMeteredAsCached() {
        String body = body(false, ",\"temperature\":0");
        CacheClient.Reply first = client.chat(GatewayServer.API_KEY, body);
        assertEquals(200, first.status(), first::toString);
        assertEquals("miss", first.cache());
        assertEquals(1, upstream.requests().size());

        CacheClient.Reply second = client.chat(GatewayServer.API_KEY, body);
        assertEquals(200, second.status(), second::toString);
        assertEquals("hit", second.cache());
        assertEquals(1, upstream.requests().size(), "a hit does not call the provider");
        assertEquals(first.json(), second.json(), "the cached completion is the original");
        OpenApiContract.assertValid("CreateChatCompletionResponse", second.json());
        assertEquals("0.000000", second.header("x-llmux-cost"));
        assertEquals("openai", second.header("x-llmux-provider"));

        UsageRecord paid = meter().recordsOf(first.header("x-request-id")).getFirst();
        UsageRecord cached = meter().recordsOf(second.header("x-request-id")).getFirst();
        assertFalse(paid.cached());
        assertTrue(cached.cached());
        assertEquals(0, cached.costMicros());
        assertEquals(paid.usage(), cached.usage(), "a hit reports the original call's tokens");
        assertEquals(UsageRecord.Outcome.COMPLETED, cached.outcome());
    }

    @Test
    void theSameBodyFromTwoTenantsNeverSharesAnEntry() {
        String body = body(false, "");
        String otherKey = newTenantKey(new CachePolicy(true, null), null);

        CacheClient.Reply mine = client.chat(GatewayServer.API_KEY, body);
        CacheClient.Reply theirs = client.chat(otherKey, body);
        assertEquals("miss", mine.cache(), mine::toString);
        assertEquals("miss", theirs.cache(), theirs::toString);
        assertEquals(2, upstream.requests().size());

        assertEquals("hit", client.chat(otherKey, body).cache());
        assertEquals("hit", client.chat(GatewayServer.API_KEY, body).cache());
        assertEquals(2, upstream.requests().size());
    }

    @Test
    void cachingFollowsTheTenantsPolicyAndTheKeysOverride() {
        String off = newTenantKey(new CachePolicy(false, null), null);
        String body = body(false, "");
        assertEquals("bypass", client.chat(off, body).cache());
        assertEquals("bypass", client.chat(off, body).cache());
        assertEquals(2, upstream.requests().size());

        String keyOn = newTenantKey(new CachePolicy(false, null), new CachePolicy(true, 60));
        assertEquals("miss", client.chat(keyOn, body).cache());
        assertEquals("hit", client.chat(keyOn, body).cache());
        assertEquals(3, upstream.requests().size());
    }

    @Test
    void noCacheSkipsTheReadAndNoStoreSkipsTheWrite() {
        String body = body(false, "");
        assertEquals("miss", client.chat(GatewayServer.API_KEY, body, "Cache-Control", "no-store").cache());
        assertEquals("miss", client.chat(GatewayServer.API_KEY, body).cache(), "a no-store answer was not stored");
        assertEquals("hit", client.chat(GatewayServer.API_KEY, body).cache());
        assertEquals(2, upstream.requests().size());

        upstream.respondWith(FakeReply.text("Paris, France."));
        CacheClient.Reply fresh = client.chat(GatewayServer.API_KEY, body, "Cache-Control", "No-Cache");
        assertEquals("bypass", fresh.cache());
        assertEquals(3, upstream.requests().size());
        CacheClient.Reply after = client.chat(GatewayServer.API_KEY, body);
        assertEquals("hit", after.cache());
        assertEquals("Paris, France.", after.json().at("/choices/0/message/content").asText(), "no-cache stores the fresh answer");

        assertEquals("bypass", client.chat(GatewayServer.API_KEY, body, "Cache-Control", "no-cache, no-store").cache());
        assertEquals(4, upstream.requests().size());
    }

    @Test
    void aStreamedHitIsASpecValidStreamWithTheOriginalText() {
        String body = body(true, ",\"stream_options\":{\"include_usage\":true}");
        CacheClient.Reply miss = client.chat(GatewayServer.API_KEY, body);
        assertEquals("miss", miss.cache(), miss::toString);
        OpenApiContract.StreamEvents original = OpenApiContract.assertValidStream(miss.body());
        assertTrue(original.done());

        CacheClient.Reply hit = client.chat(GatewayServer.API_KEY, body);
        assertEquals(200, hit.status());
        assertEquals("hit", hit.cache());
        assertTrue(hit.header("Content-Type").startsWith("text/event-stream"), hit::toString);
        assertEquals("0.000000", hit.header("x-llmux-cost"));
        OpenApiContract.StreamEvents replay = OpenApiContract.assertValidStream(hit.body());
        assertTrue(replay.done());
        assertEquals("Paris is the capital of France.", text(original.chunks()));
        assertEquals(text(original.chunks()), text(replay.chunks()));
        assertEquals("assistant", replay.chunks().getFirst().at("/choices/0/delta/role").asText());
        assertEquals("stop", finishReason(replay.chunks()));
        assertEquals("0.000000", usage(replay.chunks()).path("llmux_cost").asText(), "a hit costs nothing");
        assertEquals(((ObjectNode) usage(original.chunks()).deepCopy()).without("llmux_cost"), ((ObjectNode) usage(replay.chunks()).deepCopy()).without("llmux_cost"),
                "the usage chunk reports the original tokens");
        assertEquals(1, upstream.requests().size());

        // The same request without stream (and without stream_options) is the same entry.
        String whole = body.replace("\"stream\":true", "\"stream\":false").replace(",\"stream_options\":{\"include_usage\":true}", "");
        CacheClient.Reply json = client.chat(GatewayServer.API_KEY, whole);
        assertEquals("hit", json.cache());
        OpenApiContract.assertValid("CreateChatCompletionResponse", json.json());
        assertEquals("Paris is the capital of France.", json.json().at("/choices/0/message/content").asText());
        assertEquals(((ObjectNode) usage(original.chunks()).deepCopy()).without("llmux_cost"), json.json().get("usage"));

        // Without include_usage the replay has no usage chunk.
        CacheClient.Reply noUsage = client.chat(GatewayServer.API_KEY, body.replace(",\"stream_options\":{\"include_usage\":true}", ""));
        assertEquals("hit", noUsage.cache());
        List<JsonNode> chunks = OpenApiContract.assertValidStream(noUsage.body()).chunks();
        assertTrue(chunks.stream().noneMatch(c -> c.hasNonNull("usage")), noUsage::toString);
        assertEquals(1, upstream.requests().size());
    }

    @Test
    void aNonStreamedAnswerIsReplayedAsAStreamToo() {
        String body = body(false, "");
        CacheClient.Reply miss = client.chat(GatewayServer.API_KEY, body);
        CacheClient.Reply hit = client.chat(GatewayServer.API_KEY, body.replace("\"stream\":false", "\"stream\":true"));
        assertEquals("hit", hit.cache(), hit::toString);
        List<JsonNode> chunks = OpenApiContract.assertValidStream(hit.body()).chunks();
        assertEquals(miss.json().at("/choices/0/message/content").asText(), text(chunks));
        assertEquals(miss.json().path("id"), chunks.getFirst().path("id"));
    }

    @Test
    void toolCallsAreReplayedAsToolCallDeltas() {
        upstream.respondWith(FakeReply.toolCall("get_weather", "{\"city\":\"Paris\",\"unit\":\"c\"}"));
        String tools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\","
                + "\"properties\":{\"city\":{\"type\":\"string\"}}}}}]";
        String body = body(true, tools);
        CacheClient.Reply miss = client.chat(GatewayServer.API_KEY, body);
        assertEquals("miss", miss.cache(), miss::toString);
        OpenApiContract.assertValidStream(miss.body());

        CacheClient.Reply hit = client.chat(GatewayServer.API_KEY, body);
        assertEquals("hit", hit.cache(), hit::toString);
        List<JsonNode> chunks = OpenApiContract.assertValidStream(hit.body()).chunks();
        StringBuilder arguments = new StringBuilder();
        String name = null;
        for (JsonNode chunk : chunks) {
            for (JsonNode call : chunk.at("/choices/0/delta/tool_calls")) {
                if (call.at("/function/name").isTextual() && !call.at("/function/name").asText().isEmpty()) {
                    name = call.at("/function/name").asText();
                }
                arguments.append(call.at("/function/arguments").asText(""));
            }
        }
        assertEquals("get_weather", name);
        assertEquals("{\"city\":\"Paris\",\"unit\":\"c\"}", arguments.toString());
        assertEquals("tool_calls", finishReason(chunks));

        JsonNode whole = client.chat(GatewayServer.API_KEY, body.replace("\"stream\":true", "\"stream\":false")).json();
        OpenApiContract.assertValid("CreateChatCompletionResponse", whole);
        assertEquals("call_fake_1", whole.at("/choices/0/message/tool_calls/0/id").asText());
        assertEquals(1, upstream.requests().size());
    }

    @Test
    void aCutStreamIsNeverStored() {
        String body = body(true, "");
        upstream.respondWith(FakeReply.cutAfter(3));
        CacheClient.Reply cut = client.chat(GatewayServer.API_KEY, body);
        assertEquals("miss", cut.cache());
        assertFalse(OpenApiContract.assertValidStream(cut.body()).done(), "the client sees the stream fail");

        upstream.respondWith(FakeReply.endWithoutDone(4));
        assertEquals("miss", client.chat(GatewayServer.API_KEY, body).cache());

        upstream.respondWith(FakeReply.text("Paris is the capital of France."));
        CacheClient.Reply whole = client.chat(GatewayServer.API_KEY, body);
        assertEquals("miss", whole.cache(), "nothing was stored from the broken streams");
        assertEquals("Paris is the capital of France.", text(OpenApiContract.assertValidStream(whole.body()).chunks()));
        assertEquals("hit", client.chat(GatewayServer.API_KEY, body).cache());
        assertEquals(3, upstream.requests().size());
    }

    @Test
    void providerErrorsAreNeverStored() {
        String body = body(false, "");
        upstream.respondWith(FakeReply.serverError());
        CacheClient.Reply failed = client.chat(GatewayServer.API_KEY, body);
        assertEquals(502, failed.status(), failed::toString);
        assertEquals("bypass", failed.cache());
        upstream.respondWith(FakeReply.text("Paris is the capital of France."));
        assertEquals("miss", client.chat(GatewayServer.API_KEY, body).cache());
        assertEquals("bypass", client.chat("llmux-sk-not-a-key", body).cache(), "refused requests say so too");
    }

    @Test
    void redisKeysCarryTheTenantHashTagAndATtl() throws Exception {
        TenantKey tenant = newTenant(new CachePolicy(true, 120), null);
        String tenantId = tenant.tenantId();
        assertEquals("miss", client.chat(tenant.secret(), body(false, "")).cache());
        assertEquals("miss", client.chat(tenant.secret(), body(true, "")).cache());

        RedisLink redis = gateway.context().getBean(RedisLink.class);
        List<String> keys = redis.commands().keys("llmux:cache:{" + tenantId + "}:*").get(5, TimeUnit.SECONDS);
        assertEquals(2, keys.size(), keys::toString);
        for (String name : keys) {
            assertTrue(name.matches("llmux:cache:\\{" + tenantId + "\\}:[0-9a-f]{64}"), name);
            long ttl = redis.commands().ttl(name).get(5, TimeUnit.SECONDS);
            assertTrue(ttl > 0 && ttl <= 120, "TTL " + ttl + " of " + name);
        }
    }

    private record TenantKey(String tenantId, String secret) {
    }

    /** A new tenant with the given cache policy, and a key of its with its own override (or null). */
    private static TenantKey newTenant(CachePolicy tenantPolicy, CachePolicy keyPolicy) {
        Tenant tenant = admin.createTenant("cache-test-" + UUID.randomUUID(),
                new TenantSettings(List.of(), null, Limits.NONE, Budgets.NONE, "UTC", tenantPolicy), Map.of());
        return new TenantKey(tenant.id(), admin.createKey(tenant.id(), "k", null, null, null, null, null, keyPolicy).secret());
    }

    private static String newTenantKey(CachePolicy tenantPolicy, CachePolicy keyPolicy) {
        return newTenant(tenantPolicy, keyPolicy).secret();
    }

    private static String text(List<JsonNode> chunks) {
        StringBuilder text = new StringBuilder();
        chunks.forEach(chunk -> chunk.path("choices").forEach(choice -> text.append(choice.at("/delta/content").asText(""))));
        return text.toString();
    }

    private static String finishReason(List<JsonNode> chunks) {
        for (JsonNode chunk : chunks) {
            for (JsonNode choice : chunk.path("choices")) {
                if (choice.path("finish_reason").isTextual()) {
                    return choice.get("finish_reason").asText();
                }
            }
        }
        return null;
    }

    private static JsonNode usage(List<JsonNode> chunks) {
        return chunks.stream().filter(c -> c.hasNonNull("usage")).map(c -> c.get("usage")).reduce((a, b) -> b).orElse(null);
    }
}
