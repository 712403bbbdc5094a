package io.llmux.chat.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.testing.FakeReply;
import org.junit.jupiter.api.Test;

/** Anthropic-format clients served by the OpenAI adapter: /v1/messages in front of OpenAI's API. */
class OpenAiMessagesConformanceTest extends MessagesConformanceMatrix {

    @Override
    protected ProviderConformanceMatrix adapter() {
        return new OpenAiConformanceTest();
    }

    /** OpenAI refuses fields it does not know: what has no OpenAI equivalent is not sent there. */
    @Test
    void anthropicOnlyFieldsAreNotSentToOpenAi() {
        fake().respondWith(FakeReply.text("Fine."));

        assertEquals(200, post(false, """
                {"max_tokens":2048,"top_k":5,"thinking":{"type":"enabled","budget_tokens":1024},"metadata":{"user_id":"u-7"},
                 "temperature":0.5,"messages":[{"role":"user","content":"Hi"}]}""").status());

        JsonNode upstream = fake().lastRequest().json();
        assertFalse(upstream.has("top_k"), upstream.toString());
        assertFalse(upstream.has("thinking"), upstream.toString());
        assertFalse(upstream.has("metadata"), upstream.toString());
        assertEquals("u-7", upstream.path("user").asText());
        assertEquals(0.5, upstream.path("temperature").asDouble());
        assertEquals(2048, upstream.path("max_completion_tokens").asInt());
    }
}
