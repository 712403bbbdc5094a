package io.llmux.chat.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.testing.RecordedRequest;
import java.util.List;

/**
 * The matrix for adapters that send OpenAI's own request format upstream (OpenAI and every
 * compatible service, Azure OpenAI): the translation checks are the same for all; a subclass
 * checks only what differs, its URL and authentication ({@link #assertPlainRequest}).
 */
abstract class OpenAiFormatConformanceMatrix extends ProviderConformanceMatrix {

    @Override
    protected void assertConversationRequest(RecordedRequest upstream, String system, List<String> turns) {
        JsonNode messages = upstream.json().path("messages");
        assertEquals("system", messages.at("/0/role").asText());
        assertEquals(system, messages.at("/0/content").asText());
        assertTurns(messages, 1, turns, "assistant", "/content");
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
