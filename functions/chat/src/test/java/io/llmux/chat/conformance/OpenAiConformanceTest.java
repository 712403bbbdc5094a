package io.llmux.chat.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.testing.FakeOpenAiServer;
import io.llmux.testing.FakeProviderServer;
import io.llmux.testing.RecordedRequest;
import java.util.Map;

/** The conformance matrix against the OpenAI adapter: the reference every other adapter is held to. */
class OpenAiConformanceTest extends OpenAiFormatConformanceMatrix {

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
}
