package io.llmux.chat.routing;

import static io.llmux.chat.routing.FakeDeployments.ALPHA;
import static io.llmux.chat.routing.FakeDeployments.BETA;
import static io.llmux.chat.routing.FakeDeployments.GAMMA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.pipeline.UsageRecord;
import io.llmux.testing.FakeReply;
import io.llmux.testing.OpenApiContract;
import io.llmux.testing.RawHttp;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A model group of three OpenAI-compatible deployments (alpha, beta, gamma: each its own fake
 * provider) and every way the first one fails, streamed and not: the client gets the next
 * deployment's answer when nothing had reached it yet, and the documented error once a stream had
 * started; every request is metered exactly once, by the deployment that answered. Circuit
 * breakers are off here (BreakerTest has them).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RoutingFaultsTest {

    private static FakeDeployments fakes;

    @BeforeAll
    static void start() {
        RoutingSettings routing = new RoutingSettings()
                .resilience("max-retries", "1")
                .fastBackoff()
                .resilience("max-retry-after", "2s")
                .resilience("circuit-breaker.enabled", "false");
        // smart: alpha, then beta, then gamma (by quality)
        routing.group("smart").strategy("quality")
                .member(ALPHA, "quality", "0.9", "cost", "10", "tools", "false")
                .member(BETA, "quality", "0.8", "cost", "5")
                .member(GAMMA, "quality", "0.7", "cost", "1");
        // pair: alpha then beta; when both fail, the backup group (gamma)
        routing.group("pair").strategy("quality")
                .member(ALPHA, "quality", "0.9")
                .member(BETA)
                .fallbacks("backup");
        routing.group("backup").member(GAMMA);
        // small: alpha with a tiny context window; too long -> big (gamma); filtered -> safe (beta)
        routing.group("small")
                .member(ALPHA, "context-window", "40")
                .set("context-window-fallback", "big")
                .set("content-policy-fallback", "safe");
        routing.group("big").member(GAMMA, "context-window", "128000");
        routing.group("safe").member(BETA);
        fakes = new FakeDeployments(routing.properties());
    }

    @AfterAll
    static void stop() {
        fakes.close();
    }

    @BeforeEach
    void reset() {
        fakes.reset();
    }

    /** Faults that happen before anything reaches the client: the next deployment answers. */
    static Stream<Arguments> failoverFaults() {
        return Stream.of(
                // fault, stream, calls alpha receives (1 + retries, none for a refused key)
                Arguments.of(FakeReply.serverError(), false, 2),
                Arguments.of(FakeReply.serverError(), true, 2),
                Arguments.of(FakeReply.rateLimited(7), false, 1),
                Arguments.of(FakeReply.rateLimited(7), true, 1),
                Arguments.of(FakeReply.slowFirstByte(Duration.ofSeconds(5)), false, 2),
                Arguments.of(FakeReply.slowFirstByte(Duration.ofSeconds(5)), true, 2),
                Arguments.of(FakeReply.rejectKey(), false, 1),
                Arguments.of(FakeReply.rejectKey(), true, 1),
                Arguments.of(FakeReply.malformed(), false, 2),
                Arguments.of(FakeReply.cutAfter(0), false, 2),
                Arguments.of(FakeReply.cutAfter(0), true, 2),
                Arguments.of(FakeReply.endWithoutDone(0), true, 2),
                Arguments.of(FakeReply.midStreamError(0, "The model crashed"), true, 2),
                Arguments.of(FakeReply.stallAfter(0, Duration.ofSeconds(3)), true, 2));
    }

    @ParameterizedTest(name = "{0} stream={1}")
    @MethodSource("failoverFaults")
    void faultBeforeTheFirstChunkFailsOverToTheNextDeployment(FakeReply fault, boolean stream, int alphaCalls) {
        fakes.alpha.respondWith(fault);

        RawHttp.Response response = fakes.chat("smart", stream);

        assertEquals(200, response.status(), response.body());
        assertEquals(BETA, response.header("x-llmux-deployment"));
        assertEquals("beta", response.header("x-llmux-provider"));
        assertEquals(Integer.toString(alphaCalls + 1), response.header("x-llmux-attempts"));
        String route = response.header("x-llmux-route");
        assertTrue(route.startsWith("strategy=quality; reason=highest quality 0.90"), route);
        assertTrue(route.endsWith("fallback-from=" + ALPHA), route);
        assertEquals(alphaCalls, fakes.alpha.requests().size());
        assertEquals(1, fakes.beta.requests().size());
        assertEquals(0, fakes.gamma.requests().size());
        if (stream) {
            OpenApiContract.StreamEvents events = OpenApiContract.assertValidStream(response.body());
            assertTrue(events.done(), response.body());
            assertNull(events.error());
        } else {
            OpenApiContract.assertValid("CreateChatCompletionResponse", response.json());
        }
        UsageRecord record = onlyRecord(response);
        assertEquals("beta", record.provider());
        assertEquals(UsageRecord.Outcome.COMPLETED, record.outcome());
    }

    /** Faults after the first chunk: the stream is the client's now; it ends with an error event, metered once. */
    static Stream<Arguments> committedStreamFaults() {
        return Stream.of(
                Arguments.of(FakeReply.cutAfter(3), "The quick brown", "upstream_error"),
                Arguments.of(FakeReply.endWithoutDone(4), "The quick brown fox", "upstream_error"),
                Arguments.of(FakeReply.midStreamError(2, "The model crashed"), "The quick", "upstream_error"),
                Arguments.of(FakeReply.stallAfter(2, Duration.ofSeconds(3)), "The quick", "upstream_timeout"),
                Arguments.of(FakeReply.malformed(), "The", "upstream_error"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("committedStreamFaults")
    void faultAfterTheFirstChunkEndsTheStreamWithAnErrorEventAndNoFailover(FakeReply fault, String streamed, String type) {
        fakes.alpha.respondWith(fault);

        RawHttp.Response response = fakes.chat("smart", true);

        assertEquals(200, response.status());
        assertEquals(ALPHA, response.header("x-llmux-deployment"));
        assertEquals("1", response.header("x-llmux-attempts"));
        OpenApiContract.StreamEvents events = OpenApiContract.assertValidStream(response.body());
        assertFalse(events.done(), response.body());
        assertNotNull(events.error(), response.body());
        assertEquals(type, events.error().path("error").path("type").asText());
        assertEquals(streamed, content(events.chunks()));
        assertEquals(0, fakes.beta.requests().size(), "a started stream is never restarted elsewhere");
        UsageRecord record = onlyRecord(response);
        assertEquals("alpha", record.provider());
        assertEquals(UsageRecord.Outcome.FAILED, record.outcome());
        assertTrue(record.usage().completionTokens() > 0, "what was streamed is metered");
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void retryAfterIsHonouredBeforeRetryingTheSameDeployment(boolean stream) {
        fakes.alpha.respondInTurn(FakeReply.text("Hello after waiting."), FakeReply.rateLimited(1));

        long start = System.nanoTime();
        RawHttp.Response response = fakes.chat("smart", stream);
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(200, response.status(), response.body());
        assertEquals(ALPHA, response.header("x-llmux-deployment"));
        assertEquals("2", response.header("x-llmux-attempts"));
        assertTrue(elapsedMillis >= 1000, "the retry waited for Retry-After: 1 s, not " + elapsedMillis + " ms");
        assertEquals(2, fakes.alpha.requests().size());
        assertEquals(0, fakes.beta.requests().size());
        assertFalse(response.header("x-llmux-route").contains("fallback-from"), response.header("x-llmux-route"));
        assertEquals(1, fakes.meter().recordsOf(requestId(response)).size());
    }

    @Test
    void aRetryAfterLongerThanTheMaximumMovesOnAtOnce() {
        fakes.alpha.respondWith(FakeReply.rateLimited(7));

        long start = System.nanoTime();
        RawHttp.Response response = fakes.chat("smart", false);

        assertEquals(200, response.status());
        assertEquals(BETA, response.header("x-llmux-deployment"));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "did not wait the 7 s Retry-After");
        assertEquals(1, fakes.alpha.requests().size());
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void aClientErrorIsPassedOnWithoutRetryOrFailover(boolean stream) {
        fakes.alpha.respondWith(new FakeReply.Failure(400, "invalid_request_error", "invalid_value",
                "Invalid value for 'temperature'.", null));

        RawHttp.Response response = fakes.chat("smart", stream);

        assertEquals(400, response.status(), response.body());
        assertTrue(response.json().path("error").path("message").asText().contains("temperature"), response.body());
        assertEquals(1, fakes.alpha.requests().size());
        assertEquals(0, fakes.beta.requests().size());
        assertEquals(List.of(), fakes.meter().recordsOf(requestId(response)));
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void whenEveryDeploymentOfTheGroupFailsTheFallbackGroupAnswers(boolean stream) {
        fakes.alpha.respondWith(FakeReply.serverError());
        fakes.beta.respondWith(FakeReply.serverError());

        RawHttp.Response response = fakes.chat("pair", stream);

        assertEquals(200, response.status(), response.body());
        assertEquals(GAMMA, response.header("x-llmux-deployment"));
        assertEquals("5", response.header("x-llmux-attempts"), "alpha twice, beta twice, gamma once");
        String route = response.header("x-llmux-route");
        assertTrue(route.contains("group=backup"), route);
        assertTrue(route.endsWith("fallback-from=" + ALPHA), route);
        assertEquals(2, fakes.alpha.requests().size());
        assertEquals(2, fakes.beta.requests().size());
        assertEquals(1, fakes.gamma.requests().size());
        assertEquals("gamma", onlyRecord(response).provider());
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void whenEverythingFailsTheClientGetsTheLastProviderErrorUnmetered(boolean stream) {
        fakes.alpha.respondWith(FakeReply.serverError());
        fakes.beta.respondWith(FakeReply.serverError());
        fakes.gamma.respondWith(FakeReply.serverError());

        RawHttp.Response response = fakes.chat("pair", stream);

        assertEquals(502, response.status(), response.body());
        OpenApiContract.assertValid("ErrorResponse", response.json());
        assertTrue(response.json().path("error").path("message").asText().contains("'gamma'"), response.body());
        assertEquals(List.of(), fakes.meter().recordsOf(requestId(response)));
    }

    @Test
    void aPromptTooLongForEveryMemberGoesToTheContextWindowFallbackGroup() {
        RawHttp.Response response = fakes.http().post("/v1/chat/completions", """
                {"model":"small","messages":[{"role":"user","content":"%s"}]}""".formatted("Tell me about foxes. ".repeat(20)));

        assertEquals(200, response.status(), response.body());
        assertEquals(GAMMA, response.header("x-llmux-deployment"));
        assertTrue(response.header("x-llmux-route").contains("context-window-fallback-from=small"), response.header("x-llmux-route"));
        assertEquals(0, fakes.alpha.requests().size(), "alpha's context window is known to be too small");
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void aContextLengthErrorGoesToTheContextWindowFallbackGroup(boolean stream) {
        fakes.alpha.respondWith(new FakeReply.Failure(400, "invalid_request_error", "context_length_exceeded",
                "This model's maximum context length is 40 tokens.", null));

        RawHttp.Response response = fakes.chat("small", stream);

        assertEquals(200, response.status(), response.body());
        assertEquals(GAMMA, response.header("x-llmux-deployment"));
        assertEquals("2", response.header("x-llmux-attempts"));
        assertEquals(1, fakes.alpha.requests().size(), "a context-length error is not retried");
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void aContentFilterRefusalGoesToTheContentPolicyFallbackGroup(boolean stream) {
        fakes.alpha.respondWith(new FakeReply.Failure(400, "invalid_request_error", "content_filter",
                "The response was filtered due to the prompt triggering content management policy.", null));

        RawHttp.Response response = fakes.chat("small", stream);

        assertEquals(200, response.status(), response.body());
        assertEquals(BETA, response.header("x-llmux-deployment"));
        assertTrue(response.header("x-llmux-route").contains("group=safe"), response.header("x-llmux-route"));
    }

    @Test
    void theStrategyHeaderReordersTheGroup() {
        assertEquals(GAMMA, fakes.http().with("x-llmux-route-strategy", "cost").post("/v1/chat/completions",
                "{\"model\":\"smart\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").header("x-llmux-deployment"));
        RawHttp.Response quality = fakes.http().with("x-llmux-route-strategy", "quality").post("/v1/chat/completions",
                "{\"model\":\"smart\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(ALPHA, quality.header("x-llmux-deployment"));
        RawHttp.Response cost = fakes.http().with("x-llmux-route-strategy", "cost").post("/v1/chat/completions",
                "{\"model\":\"smart\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals("strategy=cost; reason=lowest cost $1.00/Mtok", cost.header("x-llmux-route"));
    }

    @Test
    void anUnknownStrategyIsA400NamingIt() {
        RawHttp.Response response = fakes.http().with("x-llmux-route-strategy", "fastest-please").post("/v1/chat/completions",
                "{\"model\":\"smart\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertEquals(400, response.status());
        OpenApiContract.assertValid("ErrorResponse", response.json());
        JsonNode error = response.json().path("error");
        assertTrue(error.path("message").asText().contains("'fastest-please'"), error.toString());
        assertTrue(error.path("message").asText().contains("least-busy"), error.toString());
        assertEquals("unknown_route_strategy", error.path("code").asText());
        assertEquals(0, fakes.alpha.requests().size() + fakes.beta.requests().size() + fakes.gamma.requests().size());
    }

    @Test
    void aDeploymentWithoutToolsIsNotSentAToolRequest() {
        RawHttp.Response response = fakes.http().post("/v1/chat/completions", """
                {"model":"smart","messages":[{"role":"user","content":"Weather in Paris?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}""");

        assertEquals(200, response.status(), response.body());
        assertEquals(BETA, response.header("x-llmux-deployment"));
        assertEquals(0, fakes.alpha.requests().size());
    }

    @Test
    void aModelOutsideAnyGroupStillResolvesAndSaysSo() {
        RawHttp.Response response = fakes.chat("mock-chat", false);

        assertEquals(200, response.status());
        assertEquals("mock/mock-chat", response.header("x-llmux-deployment"));
        assertEquals("1", response.header("x-llmux-attempts"));
        assertEquals("strategy=balanced; reason=model names one deployment", response.header("x-llmux-route"));
        assertEquals(GAMMA, fakes.chat(GAMMA, true).header("x-llmux-deployment"));
    }

    @Test
    void noRequestIsLostOrMeteredTwiceWhenManyFailOverAtOnce() throws Exception {
        fakes.alpha.respondWith(FakeReply.serverError());
        int requests = 16;
        List<java.util.concurrent.Future<RawHttp.Response>> responses;
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            responses = java.util.stream.IntStream.range(0, requests)
                    .mapToObj(i -> threads.submit(() -> fakes.chat("smart", i % 2 == 0))).toList();
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (var future : responses) {
            RawHttp.Response response = future.get();
            assertEquals(200, response.status(), response.body());
            assertEquals(BETA, response.header("x-llmux-deployment"));
            ids.add(requestId(response));
            UsageRecord record = onlyRecord(response);
            assertEquals("beta", record.provider());
        }
        assertEquals(requests, ids.size());
        assertEquals(requests, fakes.meter().all().size());
        assertEquals(requests, fakes.beta.requests().size());
    }

    private static UsageRecord onlyRecord(RawHttp.Response response) {
        List<UsageRecord> records = fakes.meter().recordsOf(requestId(response));
        assertEquals(1, records.size(), "usage records of the request: " + records);
        return records.getFirst();
    }

    private static String requestId(RawHttp.Response response) {
        return response.headers().firstValue("x-request-id").orElseThrow(() -> new AssertionError("no x-request-id"));
    }

    private static String content(List<JsonNode> chunks) {
        StringBuilder text = new StringBuilder();
        chunks.forEach(chunk -> chunk.path("choices").forEach(choice -> text.append(choice.path("delta").path("content").asText(""))));
        return text.toString();
    }
}
