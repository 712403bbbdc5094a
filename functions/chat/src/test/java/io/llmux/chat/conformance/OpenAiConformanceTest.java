package io.llmux.chat.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.testing.FakeOpenAiServer;
import io.llmux.testing.FakeProviderServer;
import io.llmux.testing.RecordedRequest;
import java.util.List;
import java.util.Map;

/** The conformance matrix against the OpenAI adapter: the reference every other adapter is held to. */
class OpenAiConformanceTest extends ProviderConformanceMatrix {

    private static final String KEY = "sk-proj-OpenAiConformanceTest";

    @Override
    protected FakeProviderServer startFake() {
        return FakeOpenAiServer.start();
    }

    @Override
    protected Map<String, Object> providerProperties(FakeProviderServer fake) {
        return Map.of("llmux.providers.openai.api-key", KEY,
                "llmux.providers.openai.base-url", ((FakeOpenAiServer) fake).baseUrl(),
                "llmux.providers.openai.first-byte-timeout", "2s",
                "llmux.providers.openai.idle-timeout", "2s");
    }

    @Override
    protected String model() {
        return "openai/gpt-4o-mini";
    }

    @Override
    protected String providerName() {
        return "openai";
    }

    @Override
    protected void assertPlainRequest(RecordedRequest upstream, String userText, boolean stream) {
        JsonNode body = upstream.json();
        assertEquals("/v1/chat/completions", upstream.path());
        assertEquals("Bearer " + KEY, upstream.header("Authorization").orElse(null));
        assertEquals("gpt-4o-mini", body.path("model").asText());
        assertEquals(userText, body.at("/messages/0/content").asText());
        assertEquals(stream, body.path("stream").asBoolean(false));
    }

    @Override
    protected void assertConversationRequest(RecordedRequest upstream, String system, List<String> turns) {
        JsonNode messages = upstream.json().path("messages");
        assertEquals("system", messages.at("/0/role").asText());
        assertEquals(system, messages.at("/0/content").asText());
        for (int i = 0; i < turns.size(); i++) {
            assertEquals(i % 2 == 0 ? "user" : "assistant", messages.path(i + 1).path("role").asText());
            assertEquals(turns.get(i), messages.path(i + 1).path("content").asText());
        }
    }

    @Override
    protected void assertToolRoundTripRequest(RecordedRequest upstream) {
        JsonNode body = upstream.json();
        assertEquals("get_weather", body.at("/tools/0/function/name").asText());
        assertEquals("auto", body.path("tool_choice").asText());
        assertEquals("call_1", body.at("/messages/1/tool_calls/0/id").asText());
        assertEquals("tool", body.at("/messages/2/role").asText());
        assertEquals("call_1", body.at("/messages/2/tool_call_id").asText());
        assertEquals("-3 C, snow", body.at("/messages/2/content").asText());
    }

    @Override
    protected void assertImageRequest(RecordedRequest upstream, String text) {
        JsonNode parts = upstream.json().at("/messages/0/content");
        assertEquals(text, parts.at("/0/text").asText());
        assertEquals(IMAGE_DATA_URL, parts.at("/1/image_url/url").asText());
    }

    @Override
    protected void assertStopAndLimitRequest(RecordedRequest upstream) {
        JsonNode body = upstream.json();
        assertEquals("END", body.at("/stop/0").asText());
        assertFalse(body.path("max_tokens").isMissingNode() && body.path("max_completion_tokens").isMissingNode());
    }
}
