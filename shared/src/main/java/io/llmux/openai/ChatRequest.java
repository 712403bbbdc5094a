package io.llmux.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A validated {@code POST /v1/chat/completions} body: the fields the gateway interprets, typed,
 * beside the original JSON tree that is forwarded (with the fields the gateway owns rewritten).
 *
 * @param model           the model the client asked for, as sent
 * @param messages        the conversation
 * @param stream          whether the client wants server-sent events
 * @param includeUsage    whether the client asked for a final usage chunk
 * @param maxOutputTokens max_completion_tokens, else max_tokens, else null
 * @param n               how many choices to generate
 * @param tools           the {@code tools} array, or null
 * @param raw             the whole body as received; never mutated
 */
public record ChatRequest(String model, List<ChatMessage> messages, boolean stream, boolean includeUsage,
                          Integer maxOutputTokens, int n, JsonNode tools, ObjectNode raw) {

    /** The client's tool_choice, or null. */
    public JsonNode toolChoice() {
        return raw.get("tool_choice");
    }

    /** The client's response_format type (text, json_object, json_schema), or null. */
    public String responseFormatType() {
        JsonNode format = raw.get("response_format");
        return format == null ? null : format.path("type").asText(null);
    }
}
