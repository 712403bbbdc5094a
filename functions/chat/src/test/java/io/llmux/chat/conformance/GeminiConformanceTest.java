package io.llmux.chat.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.testing.FakeGeminiServer;
import io.llmux.testing.FakeProviderServer;
import io.llmux.testing.RecordedRequest;
import java.util.List;
import java.util.Map;

/** The conformance matrix against Google Gemini's generateContent API. */
class GeminiConformanceTest extends ProviderConformanceMatrix {

    static final String KEY = "AIzaSyGeminiConformanceTest0123456789ab";

    @Override
    protected FakeProviderServer startFake() {
        return FakeGeminiServer.start();
    }

    @Override
    protected Map<String, Object> providerProperties(FakeProviderServer fake) {
        return Map.of("llmux.providers.gemini.api-key", KEY,
                "llmux.providers.gemini.base-url", ((FakeGeminiServer) fake).baseUrl(),
                "llmux.providers.gemini.first-byte-timeout", "2s",
                "llmux.providers.gemini.idle-timeout", "2s");
    }

    @Override
    protected String model() {
        return "gemini/gemini-2.5-flash";
    }

    @Override
    protected String providerName() {
        return "gemini";
    }

    @Override
    protected void assertPlainRequest(RecordedRequest upstream, String userText, boolean stream) {
        JsonNode body = upstream.json();
        assertEquals(stream ? "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"
                : "/v1beta/models/gemini-2.5-flash:generateContent", upstream.path());
        assertEquals(KEY, upstream.header("x-goog-api-key").orElse(null));
        assertFalse(upstream.path().contains(KEY), "the key never goes in the URL");
        assertEquals("user", body.at("/contents/0/role").asText());
        assertEquals(userText, body.at("/contents/0/parts/0/text").asText());
        assertEquals(1, body.path("contents").size());
        assertFalse(body.has("model") || body.has("stream") || body.has("messages"), body.toString());
    }

    @Override
    protected void assertConversationRequest(RecordedRequest upstream, String system, List<String> turns) {
        JsonNode body = upstream.json();
        assertEquals(system, body.at("/systemInstruction/parts/0/text").asText());
        assertTurns(body.path("contents"), 0, turns, "model", "/parts/0/text");
    }

    @Override
    protected void assertToolRoundTripRequest(RecordedRequest upstream) {
        JsonNode body = upstream.json();
        JsonNode declaration = body.at("/tools/0/functionDeclarations/0");
        assertEquals("get_weather", declaration.path("name").asText());
        assertEquals("OBJECT", declaration.at("/parameters/type").asText());
        assertEquals("STRING", declaration.at("/parameters/properties/city/type").asText());
        assertEquals("AUTO", body.at("/toolConfig/functionCallingConfig/mode").asText());
        JsonNode contents = body.path("contents");
        assertEquals("model", contents.at("/1/role").asText());
        assertEquals("get_weather", contents.at("/1/parts/0/functionCall/name").asText());
        assertEquals("Oslo", contents.at("/1/parts/0/functionCall/args/city").asText());
        assertEquals("user", contents.at("/2/role").asText());
        JsonNode response = contents.at("/2/parts/0/functionResponse");
        assertEquals("get_weather", response.path("name").asText(), "the result is named after the call it answers");
        assertEquals("-3 C, snow", response.at("/response/content").asText());
    }

    @Override
    protected void assertImageRequest(RecordedRequest upstream, String text) {
        JsonNode parts = upstream.json().at("/contents/0/parts");
        assertEquals(text, parts.at("/0/text").asText());
        assertEquals("image/png", parts.at("/1/inlineData/mimeType").asText());
        assertEquals(IMAGE_DATA_URL.substring(IMAGE_DATA_URL.indexOf(',') + 1), parts.at("/1/inlineData/data").asText());
    }

    @Override
    protected void assertStopAndLimitRequest(RecordedRequest upstream) {
        JsonNode config = upstream.json().path("generationConfig");
        assertEquals("END", config.at("/stopSequences/0").asText());
        assertEquals(5, config.path("maxOutputTokens").asInt());
        assertTrue(config.path("stopSequences").isArray());
    }
}
