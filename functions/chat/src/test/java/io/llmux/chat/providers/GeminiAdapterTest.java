package io.llmux.chat.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.chat.testing.FakeProviderGateway;
import io.llmux.chat.testing.GatewayServer;
import io.llmux.testing.FakeGeminiServer;
import io.llmux.testing.FakeReply;
import io.llmux.testing.OpenApiContract;
import io.llmux.testing.RawHttp;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What is Gemini's own, beyond the conformance matrix: safety outcomes, its key errors, embeddings, faults. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GeminiAdapterTest {

    private static final String KEY = "AIzaSyGeminiAdapterTest0123456789abcdef";
    private static FakeProviderGateway<FakeGeminiServer> running;
    private static FakeGeminiServer fake;
    private static GatewayServer gateway;

    @BeforeAll
    static void start() {
        fake = FakeGeminiServer.start();
        running = FakeProviderGateway.start(fake, Map.of("llmux.providers.gemini.api-key", KEY,
                "llmux.providers.gemini.base-url", fake.baseUrl(),
                "llmux.providers.gemini.idle-timeout", "2s"));
        gateway = running.gateway();
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.close();
        }
    }

    @BeforeEach
    void reset() {
        fake.reset();
    }

    private static RawHttp.Response chat(String model, boolean stream) {
        return running.chat(model, stream);
    }

    /** The finish_reason and content of an answer, whole or streamed, checked against OpenAI's schema. */
    private static String[] finishAndText(RawHttp.Response response, boolean stream) {
        assertEquals(200, response.status(), response.body());
        if (!stream) {
            OpenApiContract.assertValid("CreateChatCompletionResponse", response.json());
            return new String[] {response.json().at("/choices/0/finish_reason").asText(),
                    response.json().at("/choices/0/message/content").asText()};
        }
        OpenApiContract.StreamEvents events = OpenApiContract.assertValidStream(response.body());
        assertTrue(events.done(), response.body());
        String finish = null;
        StringBuilder text = new StringBuilder();
        for (JsonNode chunk : events.chunks()) {
            for (JsonNode choice : chunk.path("choices")) {
                text.append(choice.at("/delta/content").asText(""));
                finish = choice.hasNonNull("finish_reason") ? choice.path("finish_reason").asText() : finish;
            }
        }
        return new String[] {finish, text.toString()};
    }

    @Test
    void bareGeminiModelNamesAreListedAndRouted() {
        JsonNode models = gateway.http().get("/v1/models").json().path("data");
        assertTrue(models.toString().contains("\"gemini-2.5-flash-lite\""), models.toString());
        assertEquals(200, chat("gemini-2.5-pro", false).status());
        assertEquals("/v1beta/models/gemini-2.5-pro:generateContent", fake.lastRequest().path());
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void aBlockedPromptIsAnEmptyAnswerWithContentFilter(boolean stream) {
        fake.blockPrompt("SAFETY");

        String[] answer = finishAndText(chat("gemini/gemini-2.5-flash", stream), stream);

        assertEquals("content_filter", answer[0]);
        assertEquals("", answer[1]);
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void aSafetyStopIsContentFilter(boolean stream) {
        fake.finishWith("SAFETY");

        String[] answer = finishAndText(chat("gemini/gemini-2.5-flash", stream), stream);

        assertEquals("content_filter", answer[0]);
    }

    @Test
    void thinkingTokensAreReportedAsReasoningAndCountedAsOutput() {
        JsonNode usage = chat("gemini/gemini-2.5-flash", false).json().path("usage");
        assertEquals(FakeGeminiServer.THOUGHTS_TOKENS, usage.at("/completion_tokens_details/reasoning_tokens").asLong());
        assertEquals(567, usage.path("completion_tokens").asLong());
    }

    @Test
    void googlesInvalidKey400IsA502ThatNeverShowsTheKey() {
        fake.respondWith(FakeReply.rejectKey());

        RawHttp.Response response = chat("gemini/gemini-2.5-flash", false);

        assertEquals(502, response.status(), response.body());
        assertEquals("provider_auth_failed", response.json().at("/error/code").asText());
        assertFalse(response.body().contains(KEY));
    }

    @Test
    void anUnknownModelIs404() {
        fake.respondWith(new FakeReply.Failure(404, null, null, "models/gemini-9 is not found for API version v1beta", null));

        RawHttp.Response response = chat("gemini/gemini-9", false);

        assertEquals(404, response.status(), response.body());
        assertEquals("model_not_found", response.json().at("/error/code").asText());
    }

    @Test
    void anOverloadedModelIs503NamingGemini() {
        fake.respondWith(new FakeReply.Failure(503, null, null, "The model is overloaded. Please try again later.", null));

        RawHttp.Response response = chat("gemini/gemini-2.5-flash", true);

        assertEquals(503, response.status(), response.body());
        assertTrue(response.json().at("/error/message").asText().contains("'gemini'"), response.body());
    }

    @Test
    void aMidStreamErrorEndsTheStreamWithAnErrorEvent() {
        fake.respondWith(FakeReply.midStreamError(2, "Internal error encountered."));

        RawHttp.Response response = chat("gemini/gemini-2.5-flash", true);

        OpenApiContract.StreamEvents events = OpenApiContract.assertValidStream(response.body());
        assertFalse(events.done());
        assertNotNull(events.error());
        assertTrue(events.error().toString().contains("'gemini'"), events.error().toString());
    }

    @Test
    void aStreamThatStopsBeforeItsFinishReasonEndsWithAnErrorEvent() {
        fake.respondWith(FakeReply.endWithoutDone(3));

        OpenApiContract.StreamEvents events = OpenApiContract.assertValidStream(chat("gemini/gemini-2.5-flash", true).body());

        assertFalse(events.done());
        assertNotNull(events.error());
    }

    @Test
    void aMalformedAnswerIsA502() {
        fake.respondWith(FakeReply.malformed());

        RawHttp.Response response = chat("gemini/gemini-2.5-flash", false);

        assertEquals(502, response.status(), response.body());
        assertEquals("provider_bad_response", response.json().at("/error/code").asText());
    }

    @Test
    void embeddingsThroughBatchEmbedContents() {
        RawHttp.Response response = gateway.http().post("/v1/embeddings",
                "{\"model\":\"gemini/text-embedding-004\",\"input\":[\"first text\",\"second\"]}");

        assertEquals(200, response.status(), response.body());
        OpenApiContract.assertValid("CreateEmbeddingResponse", response.json());
        assertEquals(2, response.json().path("data").size());
        assertEquals(1.25, response.json().at("/data/1/embedding/0").asDouble(), 1e-6);
        assertTrue(response.json().at("/usage/prompt_tokens").asLong() > 0, "Gemini reports no count: LLMux counts");
        assertEquals("/v1beta/models/text-embedding-004:batchEmbedContents", fake.lastRequest().path());
        assertEquals("models/text-embedding-004", fake.lastRequest().json().at("/requests/0/model").asText());
    }

    @Test
    void base64EmbeddingsAreLittleEndianFloats() {
        RawHttp.Response response = gateway.http().post("/v1/embeddings",
                "{\"model\":\"gemini/gemini-embedding-001\",\"input\":\"x\",\"encoding_format\":\"base64\"}");

        assertEquals(200, response.status(), response.body());
        ByteBuffer floats = ByteBuffer.wrap(Base64.getDecoder().decode(response.json().at("/data/0/embedding").asText()))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0.25f, floats.getFloat());
        assertEquals(-0.5f, floats.getFloat());
        assertEquals(0.75f, floats.getFloat());
    }
}
