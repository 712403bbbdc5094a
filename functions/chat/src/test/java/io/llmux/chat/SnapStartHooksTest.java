package io.llmux.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.chat.testing.GatewayServer;
import io.llmux.testing.RawHttp;
import io.llmux.redis.RedisLink;
import io.llmux.snapstart.CheckpointPriming;
import io.llmux.snapstart.SnapStartHooks;
import io.llmux.telemetry.IdSalt;
import io.llmux.testing.FakeOpenAiServer;
import io.llmux.testing.RedisTestServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CRaC hooks SnapStart runs, invoked in process on a running gateway with a (fake) upstream
 * provider and Redis: priming reaches neither, and after a restore the gateway serves with new
 * connections to both.
 */
class SnapStartHooksTest {

    private static final String MOCK_CHAT = """
            {"model":"mock-chat","messages":[{"role":"user","content":"still there?"}]}""";
    private static final String UPSTREAM_CHAT = """
            {"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"still there?"}]}""";

    private static FakeOpenAiServer upstream;
    private static GatewayServer gateway;

    @BeforeAll
    static void start() {
        upstream = FakeOpenAiServer.start();
        gateway = GatewayServer.start(Map.of(
                "llmux.providers.openai.api-key", "sk-upstream-test",
                "llmux.providers.openai.base-url", upstream.baseUrl(),
                "llmux.redis.url", RedisTestServer.shared().url()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    private static SnapStartHooks hooks() {
        return gateway.context().getBean(SnapStartHooks.class);
    }

    @Test
    void primingCallsNoProviderAndTheGatewayServesAfterARestore() throws Exception {
        upstream.reset();
        int connectionsBefore = upstream.connectionsAccepted();
        hooks().beforeCheckpoint(null);
        assertEquals(connectionsBefore, upstream.connectionsAccepted(), "priming opened a provider connection");
        assertTrue(upstream.requests().isEmpty(), "priming sent a provider request");

        hooks().afterRestore(null);
        RawHttp.Response mock = gateway.http().post("/v1/chat/completions", MOCK_CHAT);
        assertEquals(200, mock.status(), mock::toString);
        assertTrue(mock.json().path("choices").path(0).path("message").path("content").asText().contains("still there?"), mock::toString);
        RawHttp.Response viaUpstream = gateway.http().post("/v1/chat/completions", UPSTREAM_CHAT);
        assertEquals(200, viaUpstream.status(), viaUpstream::toString);
    }

    @Test
    void aRestoreReseedsTheIdSource() {
        long snapshotted = IdSalt.current();
        hooks().afterRestore(null);
        assertNotEquals(snapshotted, IdSalt.current(), "copies of one snapshot would hand out the same ids");
    }

    @Test
    void everyPrimingRunsOnItsOwnWithoutFailing() throws Exception {
        var primings = gateway.context().getBeansOfType(CheckpointPriming.class);
        assertTrue(primings.stream().anyMatch(p -> p.name().equals("request path")), primings::toString);
        assertTrue(primings.stream().anyMatch(p -> p.name().equals("sse framing")), primings::toString);
        for (CheckpointPriming priming : primings) {
            priming.prime();
        }
    }

    @Test
    void theSnapshotHoldsNoRedisConnectionAndARestoreOpensANewOne() throws Exception {
        RedisLink redis = gateway.context().getBean(RedisLink.class);
        long before = redis.commands().clientId().get(1, TimeUnit.SECONDS);
        hooks().beforeCheckpoint(null);
        assertNull(redis.commands(), "the snapshot would keep a live Redis connection");
        hooks().afterRestore(null);
        assertNotNull(redis.commands(), "no Redis connection after the restore");
        long after = redis.commands().clientId().get(1, TimeUnit.SECONDS);
        assertTrue(after != before, "the restored copy reuses the snapshotted Redis connection");
    }

    @Test
    void aRestoreDropsPooledProviderConnections() {
        // Connections are pooled per event loop: once every loop has one, calls open no more.
        callUpstream(10);
        int pooled = upstream.connectionsAccepted();
        callUpstream(10);
        assertEquals(pooled, upstream.connectionsAccepted(), "calls reuse the pooled connections");

        hooks().afterRestore(null);
        callUpstream(1);
        assertTrue(upstream.connectionsAccepted() > pooled, "the call after a restore must open a new connection");
    }

    private static void callUpstream(int times) {
        for (int i = 0; i < times; i++) {
            RawHttp.Response response = gateway.http().post("/v1/chat/completions", UPSTREAM_CHAT);
            assertEquals(200, response.status(), response::toString);
        }
    }
}
