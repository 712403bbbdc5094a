package io.llmux.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One message of a chat request, reduced to what the gateway interprets (token counting, task
 * detection, format translation). The original JSON stays in the request for pass-through.
 *
 * @param role       system, developer, user, assistant, tool or function
 * @param name       the optional participant name, or null
 * @param text       the text parts joined, or "" when there are none
 * @param images     the image parts, in order
 * @param toolCalls  an assistant message's {@code tool_calls} array, or null
 * @param toolCallId a tool message's {@code tool_call_id}, or null
 */
public record ChatMessage(String role, String name, String text, List<ImagePart> images,
                          JsonNode toolCalls, String toolCallId) {

    /** An image content part: its URL (http(s) or data:) and the requested detail level. */
    public record ImagePart(String url, String detail) {
    }
}
