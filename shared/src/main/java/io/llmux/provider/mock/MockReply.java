package io.llmux.provider.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;
import io.llmux.openai.ChatMessage;
import io.llmux.openai.ChatRequest;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What the mock model answers: deterministic, so tests and demos can rely on it. It echoes the
 * last user message; calls a tool when tools are offered and the conversation does not already end
 * with a tool result; answers JSON when asked for JSON; honours stop sequences.
 *
 * @param text         the reply text (null for a tool call)
 * @param toolName     the tool called, or null
 * @param toolArgs     the tool call's arguments as a JSON string, or null
 * @param finishReason stop or tool_calls (length is decided later, by the token limit)
 */
record MockReply(String text, String toolName, String toolArgs, String finishReason) {

    static MockReply to(ChatRequest request) {
        String tool = toolToCall(request);
        if (tool != null) {
            return new MockReply(null, tool, arguments(request, tool), "tool_calls");
        }
        ChatMessage last = request.messages().getLast();
        String text;
        if ("tool".equals(last.role())) {
            text = "The tool returned: " + last.text();
        } else {
            String said = lastUserText(request.messages());
            text = "This is a mock reply from LLMux. You said: " + said;
        }
        String format = request.responseFormatType();
        if ("json_object".equals(format) || "json_schema".equals(format)) {
            ObjectNode json = Json.NODES.objectNode();
            json.put("mock", true);
            json.put("reply", text);
            text = json.toString();
        }
        return new MockReply(applyStop(text, request.raw().get("stop")), null, null, "stop");
    }

    private static String lastUserText(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) {
                return messages.get(i).text();
            }
        }
        return "";
    }

    private static String toolToCall(ChatRequest request) {
        if (request.tools() == null || request.tools().isEmpty() || "tool".equals(request.messages().getLast().role())) {
            return null;
        }
        JsonNode choice = request.toolChoice();
        if (choice != null && choice.isTextual() && "none".equals(choice.textValue())) {
            return null;
        }
        if (choice != null && choice.isObject()) {
            return choice.path("function").path("name").asText();
        }
        JsonNode first = request.tools().get(0);
        return first.path(first.path("type").asText("function")).path("name").asText();
    }

    /** Arguments that satisfy the tool's required parameters with placeholder values. */
    private static String arguments(ChatRequest request, String tool) {
        ObjectNode args = Json.NODES.objectNode();
        for (JsonNode t : request.tools()) {
            JsonNode function = t.path("function");
            if (!tool.equals(function.path("name").asText())) {
                continue;
            }
            JsonNode parameters = function.path("parameters");
            JsonNode properties = parameters.path("properties");
            for (JsonNode required : parameters.path("required")) {
                String name = required.asText();
                JsonNode schema = properties.path(name);
                switch (schema.path("type").asText("string")) {
                    case "integer", "number" -> args.put(name, 0);
                    case "boolean" -> args.put(name, false);
                    case "array" -> args.putArray(name);
                    case "object" -> args.putObject(name);
                    default -> args.put(name, schema.path("enum").isArray() && !schema.path("enum").isEmpty()
                            ? schema.path("enum").get(0).asText() : "mock");
                }
            }
        }
        return args.toString();
    }

    private static String applyStop(String text, JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return text;
        }
        int cut = text.length();
        Iterator<JsonNode> sequences = stop.isArray() ? stop.elements() : List.of(stop).iterator();
        while (sequences.hasNext()) {
            String sequence = sequences.next().asText();
            int at = sequence.isEmpty() ? -1 : text.indexOf(sequence);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        return text.substring(0, cut);
    }

}
