package io.llmux.chat.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.testing.FakeAzureOpenAiServer;
import io.llmux.testing.FakeProviderServer;
import io.llmux.testing.RecordedRequest;
import java.util.List;
import java.util.Map;

/**
 * The conformance matrix against Azure OpenAI: OpenAI's formats at deployment URLs. The model
 * {@code azure/gpt-4o-mini} is mapped to the deployment {@code prod-mini}, so every upstream
 * request must go to that deployment's URL, with the api-version and the {@code api-key} header.
 */
class AzureOpenAiConformanceTest extends ProviderConformanceMatrix {

    static final String KEY = "0123456789abcdef0123456789abcdef";
    static final String API_VERSION = "2024-10-21";

    @Override
    protected FakeProviderServer startFake() {
        return FakeAzureOpenAiServer.start();
    }

    @Override
    protected Map<String, Object> providerProperties(FakeProviderServer fake) {
        return Map.of("llmux.providers.azure.api-key", KEY,
                "llmux.providers.azure.endpoint", ((FakeAzureOpenAiServer) fake).endpoint(),
                "llmux.providers.azure.deployments.gpt-4o-mini", "prod-mini",
                "llmux.providers.azure.first-byte-timeout", "2s",
                "llmux.providers.azure.idle-timeout", "2s");
    }

    @Override
    protected String model() {
        return "azure/gpt-4o-mini";
    }

    @Override
    protected String providerName() {
        return "azure";
    }

    @Override
    protected void assertPlainRequest(RecordedRequest upstream, String userText, boolean stream) {
        JsonNode body = upstream.json();
        assertEquals("/openai/deployments/prod-mini/chat/completions?api-version=" + API_VERSION, upstream.path());
        assertEquals(KEY, upstream.header("api-key").orElse(null));
        assertTrue(upstream.header("Authorization").isEmpty(), "Azure keys go in api-key, not Authorization");
        assertEquals(userText, body.at("/messages/0/content").asText());
        assertEquals(stream, body.path("stream").asBoolean(false));
        if (stream) {
            assertTrue(body.at("/stream_options/include_usage").asBoolean(), "usage is always asked for, for metering");
        }
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
